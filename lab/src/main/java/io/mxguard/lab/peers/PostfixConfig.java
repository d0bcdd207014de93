package io.mxguard.lab.peers;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * PostfixConfig - the main.cf and master.cf of a private Postfix that is the MX of one lab domain.
 *
 * <p>Pure: paths, address, domain and mailbox owner in, configuration text out. The instance
 * receives on one loopback listener, stores mail for {@code domain} in one maildir, and can reach
 * nothing: no SMTP client service exists in master.cf, every non-local transport is {@code error},
 * no DNS lookups, no relaying for anyone.
 *
 * @param root        the instance's private directory (config, queue, data, mail, log below it)
 * @param listen      the only address smtpd listens on (numeric IPv4, fixed port)
 * @param domain      the domain whose recipients are accepted, e.g. {@code destination.com}
 * @param mailboxUid  owner of the stored messages (virtual(8) refuses uids below 100, so not root)
 * @param mailboxGid  group of the stored messages
 * @param tlsChain    PEM file with the private key followed by the certificate chain; null: no STARTTLS
 */
record PostfixConfig(Path root, InetSocketAddress listen, String domain, long mailboxUid, long mailboxGid,
                     Path tlsChain) {

    /** The maildir, below {@link #mailBase()}, that every accepted recipient's mail goes to. */
    static final String MAILBOX = "inbox/";

    PostfixConfig {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(domain, "domain");
        if (listen.isUnresolved() || !(listen.getAddress() instanceof java.net.Inet4Address) || listen.getPort() == 0) {
            throw new IllegalArgumentException("listen must be a numeric IPv4 address with a port, not " + listen);
        }
        if (!domain.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
            throw new IllegalArgumentException("not a plain domain name: " + domain);
        }
    }

    Path configDirectory() {
        return root.resolve("etc");
    }

    Path queueDirectory() {
        return root.resolve("queue");
    }

    Path dataDirectory() {
        return root.resolve("data");
    }

    Path mailBase() {
        return root.resolve("mail");
    }

    Path maillog() {
        return root.resolve("maillog");
    }

    String hostname() {
        return "mx." + domain;
    }

    private String ip() {
        return listen.getAddress().getHostAddress();
    }

    /** mainCf - main.cf text. */
    String mainCf() {
        List<String> lines = new ArrayList<>(List.of(
                "compatibility_level = 3.6",
                "queue_directory = " + queueDirectory(),
                "data_directory = " + dataDirectory(),
                "mail_owner = postfix",
                "setgid_group = postdrop",
                // postlogd writes here (master.cf "postlog"); postfix refuses a log file outside the prefixes.
                "maillog_file = " + maillog(),
                "maillog_file_prefixes = " + root,
                // Set explicitly: otherwise Postfix derives them from gethostname(), which may mean a lookup.
                "myhostname = " + hostname(),
                "mydomain = " + domain,
                "myorigin = $myhostname",
                "inet_interfaces = " + ip(),
                "inet_protocols = ipv4",
                "mynetworks = " + ip() + "/32",
                // Nothing leaves: no relay host, no relay domains, and every transport that would
                // deliver elsewhere is error(8). master.cf has no smtp/lmtp client at all.
                "relayhost =",
                "relay_domains =",
                "mydestination =",
                "default_transport = error:mxguard lab MX delivers nowhere else",
                "relay_transport = error:mxguard lab MX delivers nowhere else",
                "local_transport = error:mxguard lab MX has no local delivery",
                "alias_maps =",
                "alias_database =",
                "notify_classes =",
                "biff = no",
                "append_dot_mydomain = no",
                // Never consult /etc/resolv.conf (a real outside resolver): no client name, no MX lookups.
                "smtpd_peername_lookup = no",
                "smtp_dns_support_level = disabled",
                "disable_dns_lookups = yes",
                // No open relay, not even for mynetworks: recipients must be ours.
                "smtpd_relay_restrictions = reject_unauth_destination",
                "smtpd_recipient_restrictions =",
                "virtual_mailbox_domains = " + domain,
                "virtual_mailbox_base = " + mailBase(),
                // Every recipient of the domain shares one maildir; X-Original-To names the recipient.
                "virtual_mailbox_maps = static:" + MAILBOX,
                "virtual_uid_maps = static:" + mailboxUid,
                "virtual_gid_maps = static:" + mailboxGid,
                "virtual_transport = virtual"));
        if (tlsChain != null) {
            lines.addAll(List.of(
                    "smtpd_tls_chain_files = " + tlsChain,
                    "smtpd_tls_security_level = may",
                    // Level 1 logs "TLS connection established ..."; the Received header shows protocol and cipher.
                    "smtpd_tls_loglevel = 1",
                    "smtpd_tls_received_header = yes"));
        } else {
            lines.add("smtpd_tls_security_level = none");
        }
        return String.join("\n", lines) + "\n";
    }

    /** masterCf - master.cf text: one smtpd on the listen address, the internal services, no chroot. */
    String masterCf() {
        String smtpd = ip() + ":" + listen.getPort();
        return String.join("\n",
                // service   type  private unpriv chroot wakeup maxproc command
                smtpd + " inet n - n - - smtpd",
                "pickup    unix  n - n 60    1 pickup",
                "cleanup   unix  n - n -     0 cleanup",
                "qmgr      unix  n - n 300   1 qmgr",
                "tlsmgr    unix  - - n 1000? 1 tlsmgr",
                "rewrite   unix  - - n -     - trivial-rewrite",
                "bounce    unix  - - n -     0 bounce",
                "defer     unix  - - n -     0 bounce",
                "trace     unix  - - n -     0 bounce",
                "verify    unix  - - n -     1 verify",
                "flush     unix  n - n 1000? 0 flush",
                "proxymap  unix  - - n -     - proxymap",
                "showq     unix  n - n -     - showq",
                "error     unix  - - n -     - error",
                "retry     unix  - - n -     - error",
                "discard   unix  - - n -     - discard",
                "virtual   unix  - n n -     - virtual",
                "anvil     unix  - - n -     1 anvil",
                "scache    unix  - - n -     1 scache",
                "postlog   unix-dgram n - n - 1 postlogd") + "\n";
    }
}
