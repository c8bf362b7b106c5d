//! Where a request comes from, as the browser says it: the `Host` it was
//! sent to and, for a form, the site whose page sent it (`Origin`,
//! `Sec-Fetch-Site`). A page on another site (in the teacher's browser, or a
//! phone's) must not be able to post a check-in or a teacher's action: the
//! laptop's browser is exempt from the try limit (a kiosk), so such a page
//! could otherwise sweep codes from it. A `Host` that does not name the
//! laptop means DNS rebinding: another site's name pointed at the laptop.

use super::refusal::{Kind, Refusal};
use crate::network::unmap;
use std::net::IpAddr;

/// Sent from another site's page, or to a name that is not the laptop's:
/// never read, so nothing is written down of it.
pub static OTHER_SITE: Kind = Kind {
    audited: false,
    ..Kind::page("other site")
};

/// May a check-in sent with these headers be read? Not one sent to a
/// `host` that is not the laptop (`own`: its addresses), nor one sent from
/// another site's page (`origin`, `fetch_site`: see `is_cross_site`).
pub fn check(
    host: Option<&str>,
    origin: Option<&str>,
    fetch_site: Option<&str>,
    own: &[IpAddr],
) -> Result<(), Refusal> {
    if host_is_laptop(host, own) && !is_cross_site(origin, fetch_site, host) {
        Ok(())
    } else {
        Err(Refusal::new(&OTHER_SITE))
    }
}

/// True when `host` (the `Host` header) names this laptop: `localhost`, a
/// loopback address, or one of its `own` addresses.
pub fn host_is_laptop(host: Option<&str>, own: &[IpAddr]) -> bool {
    match host.and_then(host_name) {
        Some(HostName::Ip(ip)) => {
            let ip = unmap(ip);
            ip.is_loopback() || own.iter().any(|&o| unmap(o) == ip)
        }
        Some(HostName::Localhost) => true,
        None => false,
    }
}

/// True when a form was sent from a page of another site: `Sec-Fetch-Site`
/// says other than same-origin (or "none": typed, a bookmark), or `Origin`
/// names another host than the one the form was sent to (`host`). An
/// `Origin` of "null" says nothing either way (a browser sends it for its
/// own page's form under some referrer policies); where the browser is new
/// enough to send `Sec-Fetch-Site`, that decides.
pub fn is_cross_site(origin: Option<&str>, fetch_site: Option<&str>, host: Option<&str>) -> bool {
    if let Some(site) = fetch_site {
        let site = site.trim();
        return !site.eq_ignore_ascii_case("same-origin") && !site.eq_ignore_ascii_case("none");
    }
    match origin.map(str::trim) {
        None | Some("null") => false,
        Some(origin) => {
            let authority = origin
                .strip_prefix("http://")
                .or_else(|| origin.strip_prefix("https://"));
            match (authority, host) {
                (Some(authority), Some(host)) => !authority.eq_ignore_ascii_case(host.trim()),
                _ => true,
            }
        }
    }
}

enum HostName {
    Ip(IpAddr),
    Localhost,
}

/// The host part of a `Host` header (`127.0.0.1:8000`, `[::1]:8000`,
/// `localhost`), if it is an address or `localhost`.
fn host_name(header: &str) -> Option<HostName> {
    let header = header.trim();
    let host = if let Some(rest) = header.strip_prefix('[') {
        // [v6]:port
        let (inside, after) = rest.split_once(']')?;
        if !(after.is_empty() || valid_port(after.strip_prefix(':')?)) {
            return None;
        }
        inside
    } else {
        match header.rsplit_once(':') {
            Some((h, port)) if valid_port(port) => h,
            Some(_) => return None,
            None => header,
        }
    };
    let host = host.strip_suffix('.').unwrap_or(host);
    if host.eq_ignore_ascii_case("localhost") {
        return Some(HostName::Localhost);
    }
    host.parse().ok().map(HostName::Ip)
}

fn valid_port(port: &str) -> bool {
    !port.is_empty() && port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("valid address")
    }

    #[test]
    fn the_laptops_own_names_and_no_other() {
        let own = [ip("192.168.43.17")];
        for host in [
            "127.0.0.1:8000",
            "localhost:8000",
            "LOCALHOST",
            "[::1]:8000",
            "192.168.43.17:8000",
            "192.168.43.17",
        ] {
            assert!(host_is_laptop(Some(host), &own), "{host}");
        }
        for host in [
            "evil.example:8000",
            "localhost.evil.example",
            "8.8.8.8:8000",
            "192.168.43.18:8000",
            "127.0.0.1:80x",
            "",
        ] {
            assert!(!host_is_laptop(Some(host), &own), "{host}");
        }
        assert!(!host_is_laptop(None, &own));
    }

    #[test]
    fn a_form_from_another_site_is_told_apart() {
        let host = Some("192.168.43.17:8000");
        // The page's own form, an old browser that says nothing, a typed
        // address.
        assert!(!is_cross_site(
            Some("http://192.168.43.17:8000"),
            Some("same-origin"),
            host
        ));
        assert!(!is_cross_site(None, None, host));
        assert!(!is_cross_site(None, Some("none"), host));
        assert!(!is_cross_site(
            Some("http://192.168.43.17:8000"),
            None,
            host
        ));
        // Another site's page.
        assert!(is_cross_site(
            Some("http://evil.example"),
            Some("cross-site"),
            host
        ));
        assert!(is_cross_site(Some("http://evil.example"), None, host));
        assert!(is_cross_site(Some("ftp://192.168.43.17:8000"), None, host));
        assert!(is_cross_site(None, Some("cross-site"), host));
        assert!(is_cross_site(None, Some("same-site"), host));
        assert!(!is_cross_site(Some("null"), Some("same-origin"), host));
        assert!(is_cross_site(Some("null"), Some("cross-site"), host));
        assert!(!is_cross_site(Some("null"), None, host));
        assert!(is_cross_site(Some("http://192.168.43.17:9000"), None, host));
    }
}
