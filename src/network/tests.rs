//! The ranking of the laptop's networks, from what each OS reports: Linux's
//! sysfs facts, Windows' interface type, friendly name and description,
//! macOS's hardware ports. (Wine cannot fake adapters, so Windows' facts are
//! given here as Windows reports them.)

use super::kind::{classify, Hint, Kind};
use super::os::{wifi_devices, windows_hint};
use super::*;

fn ip(s: &str) -> IpAddr {
    s.parse().expect("valid address")
}

fn linux(name: &str, hint: Hint, addr: &str) -> Kind {
    classify(name, "", hint, ip(addr))
}

/// As Windows reports an adapter: friendly name, IfType, description.
fn windows(name: &str, if_type: u32, description: &str, addr: &str) -> Kind {
    classify(
        name,
        description,
        windows_hint(if_type, description),
        ip(addr),
    )
}

fn address(name: &str, addr: &str, kind: Kind) -> Address {
    Address {
        name: name.into(),
        ip: ip(addr),
        prefix: 24,
        kind,
    }
}

#[test]
fn linux_interfaces_are_ranked_from_sysfs_first_and_names_second() {
    use Hint::*;
    // The OS's own word.
    assert_eq!(linux("wlp2s0", Wireless, "192.168.43.17"), Kind::WiFi);
    assert_eq!(linux("anything", Wireless, "192.168.1.5"), Kind::WiFi);
    assert_eq!(linux("enp3s0", Physical, "192.168.1.5"), Kind::Wired);
    assert_eq!(linux("eno1", Physical, "10.0.0.5"), Kind::Wired);
    assert_eq!(linux("myvpn", Tunnel, "10.8.0.6"), Kind::Vpn);
    // NetworkManager's "Hotspot" shares on the Wi-Fi card as 10.42.0.1.
    assert_eq!(linux("wlan0", Wireless, "10.42.0.1"), Kind::Hotspot);
    // The same addresses on a wired card are not a hotspot.
    assert_eq!(linux("eth0", Physical, "10.42.0.1"), Kind::Wired);
    // Names, where the OS does not say.
    assert_eq!(linux("tun0", Virtual, "10.8.0.6"), Kind::Vpn);
    assert_eq!(linux("tap0", Virtual, "10.8.0.6"), Kind::Vpn);
    assert_eq!(linux("wg0", Tunnel, "10.66.0.2"), Kind::Vpn);
    assert_eq!(linux("ppp0", Tunnel, "10.64.1.2"), Kind::Vpn);
    assert_eq!(linux("tailscale0", Tunnel, "100.101.1.2"), Kind::Vpn);
    assert_eq!(linux("docker0", Bridge, "172.17.0.1"), Kind::Virtual);
    assert_eq!(linux("br-3f2a9c", Bridge, "172.18.0.1"), Kind::Virtual);
    assert_eq!(linux("veth12ab", Virtual, "172.17.0.3"), Kind::Virtual);
    assert_eq!(linux("virbr0", Bridge, "192.168.122.1"), Kind::Virtual);
    assert_eq!(linux("vboxnet0", Virtual, "192.168.56.1"), Kind::Virtual);
    assert_eq!(linux("vmnet8", Virtual, "192.168.200.1"), Kind::Virtual);
    assert_eq!(linux("lxcbr0", Bridge, "10.0.3.1"), Kind::Virtual);
    // A bridge a user made for the LAN, and an interface with no device
    // and no telling name, are still classroom networks.
    assert_eq!(linux("br0", Bridge, "192.168.1.10"), Kind::Other);
    assert_eq!(linux("rc1h0", Virtual, "10.1.2.1"), Kind::Other);
    // A wireless name on a wired card is the card's.
    assert_eq!(linux("wlan-uplink", Physical, "10.0.0.2"), Kind::Wired);
    // Tailscale's range is a VPN whatever the name.
    assert_eq!(linux("eth1", Physical, "100.100.5.6"), Kind::Vpn);
}

#[test]
fn windows_adapters_are_ranked_from_iftype_and_description() {
    let wifi = windows(
        "Wi-Fi",
        71,
        "Intel(R) Wi-Fi 6 AX201 160MHz",
        "192.168.43.17",
    );
    assert_eq!(wifi, Kind::WiFi);
    assert_eq!(
        windows(
            "Ethernet",
            6,
            "Realtek PCIe GbE Family Controller",
            "192.168.1.20"
        ),
        Kind::Wired
    );
    // Mobile Hotspot: the virtual Wi-Fi Direct adapter, 192.168.137.1.
    assert_eq!(
        windows(
            "Local Area Connection* 12",
            71,
            "Microsoft Wi-Fi Direct Virtual Adapter #2",
            "192.168.137.1"
        ),
        Kind::Hotspot
    );
    assert_eq!(
        windows(
            "vEthernet (Default Switch)",
            6,
            "Hyper-V Virtual Ethernet Adapter",
            "172.29.160.1"
        ),
        Kind::Virtual
    );
    assert_eq!(
        windows(
            "vEthernet (WSL)",
            6,
            "Hyper-V Virtual Ethernet Adapter #2",
            "172.20.0.1"
        ),
        Kind::Virtual
    );
    assert_eq!(
        windows(
            "Ethernet 2",
            6,
            "VirtualBox Host-Only Ethernet Adapter",
            "192.168.56.1"
        ),
        Kind::Virtual
    );
    assert_eq!(
        windows(
            "VMware Network Adapter VMnet8",
            6,
            "VMware Virtual Ethernet Adapter for VMnet8",
            "192.168.200.1"
        ),
        Kind::Virtual
    );
    // TAP calls itself Ethernet; its description gives it away.
    assert_eq!(
        windows("Ethernet 3", 6, "TAP-Windows Adapter V9", "10.8.0.6"),
        Kind::Vpn
    );
    assert_eq!(
        windows("school", 53, "WireGuard Tunnel", "10.66.0.2"),
        Kind::Vpn
    );
    assert_eq!(
        windows("Tailscale", 53, "Tailscale Tunnel", "100.90.1.2"),
        Kind::Vpn
    );
    assert_eq!(
        windows(
            "Teredo",
            131,
            "Teredo Tunneling Pseudo-Interface",
            "10.1.1.1"
        ),
        Kind::Vpn
    );
    // An unknown type with a Wi-Fi description is Wi-Fi.
    assert_eq!(
        windows("Wireless Network Connection", 0, "", "192.168.0.4"),
        Kind::WiFi
    );
}

#[test]
fn macos_wifi_port_is_read_from_networksetup() {
    let listing = "\nHardware Port: Ethernet\nDevice: en1\nEthernet Address: 00:11\n\nHardware Port: Wi-Fi\nDevice: en0\nEthernet Address: a4:83\n\nHardware Port: Thunderbolt Bridge\nDevice: bridge0\n";
    assert_eq!(wifi_devices(listing), vec!["en0".to_string()]);
    assert_eq!(linux("en0", Hint::Wireless, "192.168.43.17"), Kind::WiFi);
    assert_eq!(linux("utun3", Hint::Unknown, "10.8.0.6"), Kind::Vpn);
    // Internet Sharing: bridge100 with 192.168.2.1.
    assert_eq!(
        linux("bridge100", Hint::Unknown, "192.168.2.1"),
        Kind::Hotspot
    );
}

#[test]
fn the_laptop_of_the_issue_shows_its_wifi_first_and_never_the_vpn() {
    // Sorted by number, the VPN's 10.8.0.6 came first: the bug.
    let all = vec![
        address("lo", "127.0.0.1", Kind::Other),
        address("vboxnet0", "192.168.56.1", Kind::Virtual),
        address("docker0", "172.17.0.1", Kind::Virtual),
        address("tun0", "10.8.0.6", Kind::Vpn),
        address("wlan0", "192.168.43.17", Kind::WiFi),
        address("wlan0", "fe80::1", Kind::WiFi),
        address("wlan0", "2001:db8::17", Kind::WiFi),
        address("eth0", "10.0.0.9", Kind::Wired),
    ];
    let order: Vec<String> = for_phones(&all, false)
        .iter()
        .map(|a| a.ip.to_string())
        .collect();
    assert_eq!(
        order,
        [
            "192.168.43.17",
            "10.0.0.9",
            "10.8.0.6",
            "172.17.0.1",
            "192.168.56.1"
        ]
    );
    // With IPv6: each kind's IPv4 first, link-local never.
    let v6: Vec<String> = for_phones(&all, true)
        .iter()
        .map(|a| a.ip.to_string())
        .collect();
    assert_eq!(&v6[..2], ["192.168.43.17", "2001:db8::17"]);
    assert!(!v6.contains(&"fe80::1".to_string()));
}

#[test]
fn teachers_words_for_each_network() {
    assert_eq!(Kind::WiFi.label("wlan0"), "Wi-Fi (wlan0)");
    assert_eq!(Kind::WiFi.label("Wi-Fi"), "Wi-Fi");
    assert_eq!(
        Kind::Hotspot.label("Local Area Connection* 12"),
        "This laptop's hotspot (Local Area Connection* 12)"
    );
    assert_eq!(Kind::Vpn.label("tun0"), "VPN (tun0)");
    assert!(Kind::Wired.is_classroom() && Kind::Other.is_classroom());
    assert!(!Kind::Vpn.is_classroom() && !Kind::Virtual.is_classroom());
}

#[test]
fn a_network_is_named_by_interface_or_address() {
    let a = address("Wi-Fi", "192.168.43.17", Kind::WiFi);
    assert!(a.is_named("wi-fi"));
    assert!(a.is_named(" 192.168.43.17 "));
    assert!(a.is_named("::ffff:192.168.43.17"));
    assert!(!a.is_named("192.168.43.1"));
    assert!(!a.is_named("wlan0"));
}
