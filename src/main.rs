//! rollcall: a tiny classroom attendance server.
//!
//! `main` only reads the command line and starts things; see ARCHITECTURE.md
//! for where each part lives.

/// `println!` that cannot panic: if the terminal is gone (closed window,
/// broken pipe), check-ins must go on; the message is simply lost.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::console::write_line(false, format_args!($($arg)*))
    };
}

/// `eprintln!` that cannot panic, for the same reason.
macro_rules! warn {
    ($($arg:tt)*) => {
        $crate::console::write_line(true, format_args!($($arg)*))
    };
}

mod arrivals;
mod banner;
mod browser;
mod checkin;
mod class;
mod cli;
mod clock;
mod config;
mod connections;
mod console;
mod form;
mod guards;
mod lang;
mod locks;
mod network;
mod pages;
mod phone_clocks;
mod qr;
mod random;
mod register;
mod reply;
mod report;
mod roster;
mod server;
mod session;
mod shutdown;
mod standing;
mod student;
mod teacher;
mod validate;

#[cfg(test)]
mod fuzz_tests;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::parse(std::env::args_os().skip(1)) {
        Ok(cli::Command::Help) => {
            say!("{}", cli::usage());
            ExitCode::SUCCESS
        }
        Ok(cli::Command::Version) => {
            say!("rollcall {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Ok(cli::Command::Run(options)) => run(&options),
        Ok(cli::Command::Report(options)) => report::run(&options),
        Err(e) => {
            // Short, so that the error stays on a 25-line console.
            warn!(
                "rollcall: {}\nrollcall --help lists every option.",
                console::sentence(&e.to_string())
            );
            ExitCode::from(2)
        }
    }
}

fn run(options: &cli::Options) -> ExitCode {
    shutdown::install();
    match server::Server::start(&options.config(), clock::Clock::from_env()) {
        Ok(server) => {
            let class = server.class();
            // Before the first request: the Present page's month.
            class.read_month_ahead();
            banner::print_start(class);
            if options.open_browser {
                browser::open(&format!("http://{}/teacher", class.join.local_addr()));
            }
            std::thread::scope(|scope| {
                scope.spawn(|| banner::keep_code_line(class));
                scope.spawn(|| connections::watch(server.http(), class));
                scope.spawn(|| banner::watch_arrivals(class));
                scope.spawn(|| {
                    standing::watch(|| {
                        class.keep_up();
                        class.tell_phone_clocks();
                    })
                });
                server.serve();
            });
            banner::print_stop(class);
            // A double-clicked window would vanish with the day's count.
            console::pause_if_double_clicked();
            ExitCode::SUCCESS
        }
        Err(e) => {
            warn!(
                "rollcall could not start: {}",
                console::sentence(&e.to_string())
            );
            console::pause_if_double_clicked();
            ExitCode::FAILURE
        }
    }
}
