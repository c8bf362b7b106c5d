//! What kind of network an address of the laptop is on, and so how likely
//! the students' phones share it: the laptop's own hotspot and Wi-Fi first,
//! VPNs and virtual machines' networks last.
//!
//! `classify` is pure: it takes what the operating system said of the
//! interface (`Hint`, from `os.rs`) and its name and description, so it is
//! unit-tested with what each OS reports. The OS is asked first; names are
//! read second, for what the OS does not say (a VPN's TAP adapter is
//! "Ethernet" to Windows; Docker's bridge is just a bridge to Linux).

use std::net::IpAddr;

/// What the operating system says of an interface. (Only Linux reports
/// every one of these.)
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hint {
    /// A Wi-Fi radio (Linux `wireless`/`phy80211`, Windows `IfType` 71,
    /// macOS's Wi-Fi port).
    Wireless,
    /// Windows' Wi-Fi Direct or hosted-network adapter: the laptop's own
    /// Mobile Hotspot.
    WifiDirect,
    /// A tunnel, PPP link or WireGuard (Linux `tun_flags` or a non-Ethernet
    /// link type; Windows `IfType` 53, 131, 23).
    Tunnel,
    /// A software bridge (Linux `bridge`).
    Bridge,
    /// A network card with a device behind it (Linux `device`; Windows
    /// `IfType` 6, which virtual adapters also report).
    Physical,
    /// An interface with no device behind it (veth, dummy).
    Virtual,
    /// Nothing known.
    Unknown,
}

/// The kinds, best first: the order the join addresses are offered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// The laptop's own hotspot: the phones can only be there to reach it.
    Hotspot,
    WiFi,
    Wired,
    /// Nothing says what it is; still a classroom network.
    Other,
    /// A VPN or tunnel: its peers are somewhere else.
    Vpn,
    /// A virtual machine's or container's network, inside the laptop.
    Virtual,
}

impl Kind {
    /// Whether phones in the room can be on it: the same-network rule
    /// accepts only these by default.
    pub fn is_classroom(self) -> bool {
        !matches!(self, Kind::Vpn | Kind::Virtual)
    }

    /// The network in a teacher's words, e.g. "Wi-Fi (wlan0)".
    pub fn label(self, name: &str) -> String {
        let words = match self {
            Kind::Hotspot => "This laptop's hotspot",
            Kind::WiFi => "Wi-Fi",
            Kind::Wired => "Wired network",
            Kind::Other => "Network",
            Kind::Vpn => "VPN",
            Kind::Virtual => "Virtual machine network",
        };
        if name.is_empty() || name.eq_ignore_ascii_case(words) {
            words.to_string()
        } else {
            format!("{words} ({name})")
        }
    }

    /// The kind's name in the status JSON.
    pub fn id(self) -> &'static str {
        match self {
            Kind::Hotspot => "hotspot",
            Kind::WiFi => "wifi",
            Kind::Wired => "wired",
            Kind::Other => "other",
            Kind::Vpn => "vpn",
            Kind::Virtual => "virtual",
        }
    }
}

/// Interface names (Linux, macOS, BSD) that start so are tunnels or VPNs.
const VPN_NAMES: &[&str] = &[
    "tun",
    "tap",
    "wg",
    "utun",
    "ppp",
    "ipsec",
    "tailscale",
    "zt",
    "gpd",
    "cscotun",
    "nordlynx",
    "proton",
];

/// Words in a Windows adapter's name or description that mean a VPN.
const VPN_WORDS: &[&str] = &[
    "vpn",
    "tap-windows",
    "tap-win32",
    "wireguard",
    "wintun",
    "openvpn",
    "tunnel",
    "anyconnect",
    "fortinet",
    "pangp",
    "globalprotect",
    "juniper",
    "zerotier",
    "tailscale",
    "nordlynx",
];

/// Interface names that start so are containers' or virtual machines'.
const VIRTUAL_NAMES: &[&str] = &[
    "docker", "br-", "veth", "virbr", "vboxnet", "vmnet", "lxc", "lxd", "cni", "flannel", "podman",
    "vnet", "cali", "weave", "kube", "incus",
];

/// Words in a Windows adapter's name or description that mean a virtual
/// machine's or container's network.
const VIRTUAL_WORDS: &[&str] = &[
    "vethernet",
    "hyper-v",
    "virtualbox",
    "vmware",
    "virtual ethernet",
    "host-only",
    "wsl",
    "npcap loopback",
    "docker",
    "parallels",
];

const WIFI_NAMES: &[&str] = &["wlan", "wlp", "wlx", "wifi", "wl"];
const WIFI_WORDS: &[&str] = &["wi-fi", "wifi", "wireless", "wlan", "802.11"];
const WIRED_NAMES: &[&str] = &["eth", "enp", "eno", "ens", "enx", "em"];
const WIRED_WORDS: &[&str] = &["ethernet", "local area connection", "gigabit", "gbe"];

/// The kind of the network `ip` is on, from what the OS said (`hint`), the
/// interface's `name` and (Windows) its `description`.
pub fn classify(name: &str, description: &str, hint: Hint, ip: IpAddr) -> Kind {
    let name = name.to_ascii_lowercase();
    let description = description.to_ascii_lowercase();
    let named = |starts: &[&str]| starts.iter().any(|s| name.starts_with(s));
    let said = |words: &[&str]| {
        words
            .iter()
            .any(|w| name.contains(w) || description.contains(w))
    };
    if hint == Hint::Tunnel || named(VPN_NAMES) || said(VPN_WORDS) || is_tailscale(ip) {
        return Kind::Vpn;
    }
    if hint == Hint::WifiDirect || said(&["wi-fi direct", "hosted network"]) {
        return Kind::Hotspot;
    }
    if named(VIRTUAL_NAMES) || said(VIRTUAL_WORDS) {
        // macOS's Internet Sharing is a bridge too, named bridge100.
        return Kind::Virtual;
    }
    // A card the OS calls wired is wired, whatever its name says.
    let wireless = hint == Hint::Wireless
        || (hint != Hint::Physical && (named(WIFI_NAMES) || said(WIFI_WORDS)));
    if is_shared_by_laptop(ip, &name) && (wireless || name.starts_with("bridge")) {
        return Kind::Hotspot;
    }
    if wireless {
        return Kind::WiFi;
    }
    if hint == Hint::Physical || named(WIRED_NAMES) || said(WIRED_WORDS) {
        return Kind::Wired;
    }
    Kind::Other
}

/// Addresses the laptop gives itself when it shares its connection: Windows'
/// Mobile Hotspot (192.168.137.1), NetworkManager's shared mode (10.42.0.1),
/// macOS's Internet Sharing (192.168.2.1 on bridge100).
fn is_shared_by_laptop(ip: IpAddr, name: &str) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            (o[0] == 192 && o[1] == 168 && o[2] == 137)
                || (o[0] == 10 && o[1] == 42 && o[2] == 0)
                || (o[0] == 192 && o[1] == 168 && o[2] == 2 && name.starts_with("bridge"))
        }
        IpAddr::V6(_) => false,
    }
}

/// 100.64.0.0/10, shared address space, as Tailscale uses it: never a
/// classroom's Wi-Fi.
fn is_tailscale(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            o[0] == 100 && (64..128).contains(&o[1])
        }
        IpAddr::V6(_) => false,
    }
}
