//! What the operating system says of each network interface, for
//! `kind::classify`: Linux's sysfs, Windows' `GetAdaptersAddresses`
//! (interface type and description), macOS's list of hardware ports.
//! Whatever cannot be read is `Hint::Unknown`: names decide then.

use super::kind::Hint;

/// What the OS says of the interfaces, read once per reading of the
/// addresses.
pub struct Facts {
    #[cfg(windows)]
    adapters: Vec<windows::Adapter>,
    #[cfg(target_os = "macos")]
    wifi_ports: Vec<String>,
}

impl Facts {
    pub fn read() -> Facts {
        Facts {
            #[cfg(windows)]
            adapters: windows::adapters(),
            #[cfg(target_os = "macos")]
            wifi_ports: macos::wifi_ports(),
        }
    }

    /// The hint and description (Windows; empty elsewhere) of the interface
    /// `name`, `adapter` being Windows' adapter id (its GUID).
    #[allow(unused_variables)]
    pub fn of(&self, name: &str, adapter: &str) -> (Hint, String) {
        #[cfg(target_os = "linux")]
        return (linux::hint(name), String::new());
        #[cfg(windows)]
        return windows::hint(&self.adapters, adapter);
        #[cfg(target_os = "macos")]
        return (macos::hint(&self.wifi_ports, name), String::new());
        #[allow(unreachable_code)]
        (Hint::Unknown, String::new())
    }
}

#[cfg(target_os = "linux")]
mod linux {
    use super::Hint;
    use std::path::Path;

    /// Link types (`/sys/class/net/NAME/type`, `ARPHRD_*`) of tunnels:
    /// PPP, IPIP, SIT, GRE, and NONE as WireGuard and tun devices have.
    const TUNNEL_TYPES: &[&str] = &["512", "768", "776", "778", "65534"];

    pub fn hint(name: &str) -> Hint {
        // An address label ("eth0:1") is the interface before the colon.
        let device = name.split(':').next().unwrap_or(name);
        if device.is_empty() || device.contains('/') || device.starts_with('.') {
            return Hint::Unknown;
        }
        let dir = Path::new("/sys/class/net").join(device);
        if !dir.exists() {
            return Hint::Unknown;
        }
        let link_type = std::fs::read_to_string(dir.join("type")).unwrap_or_default();
        if dir.join("wireless").exists() || dir.join("phy80211").exists() {
            Hint::Wireless
        } else if dir.join("tun_flags").exists() || TUNNEL_TYPES.contains(&link_type.trim()) {
            Hint::Tunnel
        } else if dir.join("bridge").exists() {
            Hint::Bridge
        } else if dir.join("device").exists() {
            Hint::Physical
        } else {
            Hint::Virtual
        }
    }
}

#[cfg(target_os = "macos")]
mod macos {
    use super::Hint;

    /// The devices of the Wi-Fi ports (`networksetup -listallhardwareports`),
    /// usually `en0`; read once a run.
    pub fn wifi_ports() -> Vec<String> {
        static PORTS: std::sync::Mutex<Option<Vec<String>>> = std::sync::Mutex::new(None);
        let mut ports = crate::locks::lock(&PORTS);
        ports
            .get_or_insert_with(|| {
                std::process::Command::new("networksetup")
                    .arg("-listallhardwareports")
                    .output()
                    .map(|out| super::wifi_devices(&String::from_utf8_lossy(&out.stdout)))
                    .unwrap_or_default()
            })
            .clone()
    }

    pub fn hint(wifi_ports: &[String], name: &str) -> Hint {
        if wifi_ports.iter().any(|p| p == name) {
            Hint::Wireless
        } else {
            Hint::Unknown
        }
    }
}

/// The devices of the Wi-Fi ports in `networksetup -listallhardwareports`'s
/// output ("Hardware Port: Wi-Fi" then "Device: en0").
#[cfg_attr(not(target_os = "macos"), allow(dead_code))]
pub fn wifi_devices(listing: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut wifi = false;
    for line in listing.lines() {
        if let Some(port) = line.strip_prefix("Hardware Port:") {
            let port = port.trim();
            wifi = port == "Wi-Fi" || port == "AirPort";
        } else if let Some(device) = line.strip_prefix("Device:") {
            if wifi {
                found.push(device.trim().to_string());
            }
            wifi = false;
        }
    }
    found
}

/// What a Windows adapter's `IfType` and description say.
#[cfg_attr(not(windows), allow(dead_code))]
pub fn windows_hint(if_type: u32, description: &str) -> Hint {
    let lower = description.to_ascii_lowercase();
    match if_type {
        // IF_TYPE_IEEE80211: the Wi-Fi card, or the virtual Wi-Fi Direct
        // adapter that Mobile Hotspot runs on.
        71 if lower.contains("wi-fi direct") || lower.contains("hosted network") => {
            Hint::WifiDirect
        }
        71 => Hint::Wireless,
        // IF_TYPE_PROP_VIRTUAL (WireGuard, Wintun), IF_TYPE_TUNNEL, IF_TYPE_PPP.
        53 | 131 | 23 => Hint::Tunnel,
        // IF_TYPE_ETHERNET_CSMACD: a card, or Hyper-V's, VirtualBox's or a
        // TAP adapter; the description tells those apart.
        6 => Hint::Physical,
        _ => Hint::Unknown,
    }
}

#[cfg(windows)]
mod windows {
    use super::Hint;
    use std::ffi::CStr;
    use windows_sys::Win32::Foundation::{ERROR_BUFFER_OVERFLOW, ERROR_SUCCESS};
    use windows_sys::Win32::NetworkManagement::IpHelper::{
        GetAdaptersAddresses, GAA_FLAG_SKIP_ANYCAST, GAA_FLAG_SKIP_DNS_SERVER,
        GAA_FLAG_SKIP_MULTICAST, GAA_FLAG_SKIP_UNICAST, IP_ADAPTER_ADDRESSES_LH,
    };
    use windows_sys::Win32::Networking::WinSock::AF_UNSPEC;

    /// One adapter: its id (the GUID `if-addrs` calls `adapter_name`), its
    /// interface type and its description ("Intel(R) Wi-Fi 6 AX201").
    pub struct Adapter {
        id: String,
        if_type: u32,
        description: String,
    }

    pub fn hint(adapters: &[Adapter], id: &str) -> (Hint, String) {
        match adapters.iter().find(|a| a.id == id) {
            Some(a) => (
                super::windows_hint(a.if_type, &a.description),
                a.description.clone(),
            ),
            None => (Hint::Unknown, String::new()),
        }
    }

    /// Every adapter, or none if Windows will not say.
    pub fn adapters() -> Vec<Adapter> {
        let flags = GAA_FLAG_SKIP_UNICAST
            | GAA_FLAG_SKIP_ANYCAST
            | GAA_FLAG_SKIP_MULTICAST
            | GAA_FLAG_SKIP_DNS_SERVER;
        let mut size: u32 = 16 * 1024;
        // Adapters can appear between the call that measures and the one
        // that fills: try a few times.
        for _ in 0..4 {
            // u64s, so that the buffer is aligned for the structures.
            let mut buffer = vec![0u64; (size as usize + 7) / 8];
            let first = buffer.as_mut_ptr() as *mut IP_ADAPTER_ADDRESSES_LH;
            // SAFETY: `first` points to `size` writable bytes aligned for the
            // structure; Windows writes within them, or says how many it
            // needs in `size` and writes nothing.
            let rc = unsafe {
                GetAdaptersAddresses(
                    u32::from(AF_UNSPEC),
                    flags,
                    std::ptr::null(),
                    first,
                    &mut size,
                )
            };
            match rc {
                // Read while `buffer`, which holds the list, is alive.
                ERROR_SUCCESS => return walk(first),
                ERROR_BUFFER_OVERFLOW => continue,
                _ => return Vec::new(),
            }
        }
        Vec::new()
    }

    /// The adapters of the list that starts at `next`.
    fn walk(mut next: *const IP_ADAPTER_ADDRESSES_LH) -> Vec<Adapter> {
        let mut found = Vec::new();
        while !next.is_null() {
            // SAFETY: a node of the list GetAdaptersAddresses wrote into the
            // caller's buffer, which outlives this call.
            let a = unsafe { &*next };
            let id = if a.AdapterName.is_null() {
                String::new()
            } else {
                // SAFETY: AdapterName is a NUL-terminated string in the list.
                unsafe { CStr::from_ptr(a.AdapterName as *const _) }
                    .to_string_lossy()
                    .into_owned()
            };
            found.push(Adapter {
                id,
                if_type: a.IfType,
                description: wide(a.Description),
            });
            next = a.Next;
        }
        found
    }

    /// A NUL-terminated UTF-16 string of the list as a String.
    fn wide(p: *const u16) -> String {
        if p.is_null() {
            return String::new();
        }
        let mut len = 0;
        // SAFETY: `p` is a NUL-terminated UTF-16 string in the list: every
        // unit up to the NUL may be read.
        unsafe {
            while *p.add(len) != 0 {
                len += 1;
            }
            String::from_utf16_lossy(std::slice::from_raw_parts(p, len))
        }
    }
}
