//! A connection from a phone's own loopback address. Linux routes all of
//! 127.0.0.0/8 to `lo`, so 127.10.x.y can be bound without configuring
//! anything; std cannot bind before it connects, so the socket is made with
//! libc (already rollcall's dependency on Unix: no new crate).

use std::io;
use std::net::{Ipv4Addr, TcpStream};

/// The address of the class's `index`th phone (from 0): 127.10.x.y, with
/// y from 1 to 254, so 64,770 phones at most.
pub fn phone_address(index: usize) -> Option<Ipv4Addr> {
    let x = u8::try_from(index / 254).ok()?;
    let y = (index % 254 + 1) as u8;
    Some(Ipv4Addr::new(127, 10, x, y))
}

/// A TCP connection to 127.0.0.1:`port` sent from `from`.
#[cfg(target_os = "linux")]
pub fn connect_from(from: Ipv4Addr, port: u16) -> io::Result<TcpStream> {
    use std::os::unix::io::FromRawFd;
    let size = std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t;
    // SAFETY: a socket we own (wrapped at once, so closed on every path),
    // and addresses that live across the calls that read them.
    unsafe {
        let fd = libc::socket(libc::AF_INET, libc::SOCK_STREAM | libc::SOCK_CLOEXEC, 0);
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        let stream = TcpStream::from_raw_fd(fd);
        let local = sockaddr(from, 0);
        if libc::bind(fd, &local as *const _ as *const libc::sockaddr, size) != 0 {
            return Err(io::Error::last_os_error());
        }
        let server = sockaddr(Ipv4Addr::LOCALHOST, port);
        if libc::connect(fd, &server as *const _ as *const libc::sockaddr, size) != 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(stream)
    }
}

#[cfg(target_os = "linux")]
fn sockaddr(ip: Ipv4Addr, port: u16) -> libc::sockaddr_in {
    // SAFETY: all-zero is a valid sockaddr_in (it is plain data).
    let mut addr: libc::sockaddr_in = unsafe { std::mem::zeroed() };
    addr.sin_family = libc::AF_INET as libc::sa_family_t;
    addr.sin_port = port.to_be();
    addr.sin_addr = libc::in_addr {
        s_addr: u32::from(ip).to_be(),
    };
    addr
}

/// Elsewhere a phone's own address would need configuring: not done.
#[cfg(not(target_os = "linux"))]
pub fn connect_from(_from: Ipv4Addr, _port: u16) -> io::Result<TcpStream> {
    Err(io::Error::new(
        io::ErrorKind::Other,
        "--arriving binds 127.10.x.y: Linux only",
    ))
}
