"""Value formats any chart for Kubernetes meets, each with the words a refusal
uses (see chartkit.values.formats). A chart adds its own through its profile
(`ChartProfile.formats`). Every regular expression is RE2 (Go) and Python
compatible; `example` matches and every `mistakes` entry does not (tested)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    regex: str
    expected: str  # what the value must be, in words, after "is not"
    example: str  # a value that matches
    mistakes: tuple[str, ...]  # values operators write that do not


def or_empty(f: Format, example: str | None = None) -> Format:
    """`f`, or the empty string: the same words ending ", or empty", its mistakes but the empty one."""
    return Format(f"^({f.regex[1:-1]})?$", f"{f.expected}, or empty", example or f.example,
                  tuple(m for m in f.mistakes if m))


_NAME = r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"
_LABEL_NAME = r"([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]"
IPV4 = r"((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
_H = "[0-9a-fA-F]{1,4}"
IPV6 = (f"(({_H}:){{7}}{_H}|({_H}:){{1,7}}:|({_H}:){{1,6}}:{_H}|({_H}:){{1,5}}(:{_H}){{1,2}}|"
        f"({_H}:){{1,4}}(:{_H}){{1,3}}|({_H}:){{1,3}}(:{_H}){{1,4}}|({_H}:){{1,2}}(:{_H}){{1,5}}|"
        f"{_H}:(:{_H}){{1,6}}|:((:{_H}){{1,7}}|:))")
_V4_PREFIX = "/([0-9]|[12][0-9]|3[0-2])"
_V6_PREFIX = "/([0-9]|[1-9][0-9]|1[01][0-9]|12[0-8])"
_NUMBER = r"[+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)"
_OBJ = "lowercase letters, digits, '-' and '.', starting and ending with a letter or digit"
_SIZE = ("a size: a number with an optional suffix Ki, Mi, Gi, Ti (powers of 1024) or k, M, G, T "
         "(powers of 1000), with no space and no trailing B")
_IP = "an IPv4 or IPv6 address"
_HEX = "0123456789abcdef" * 4

KUBERNETES: dict[str, Format] = {
    "objectName": Format(f"^{_NAME}$", f"a Kubernetes object name ({_OBJ})", "stalwart-tls",
                         ("Stalwart_TLS", "")),
    "hostName": Format(f"^{_NAME}$", "a host name in lowercase (letters, digits, '-' and '.'), without scheme, "
                       "port or trailing dot", "mail.example.com", ("Mail.Example.com", "mail.example.com.")),
    "domainName": Format(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$", "a domain name in "
                         "lowercase with at least one dot (letters, digits, '-' and '.')", "example.com",
                         ("Example.com", "localhost")),
    "storageClass": Format(f"^(-|{_NAME})?$", f"a StorageClass name ({_OBJ}), \"-\" for none, or empty",
                           "fast-ssd", ("Fast SSD",)),
    "dnsLabel": Format("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", "a DNS label (at most 63 lowercase letters, "
                       "digits and '-', starting and ending with a letter or digit)", "mail", ("Mail", "mail.example")),
    "lowercaseName": Format("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", "a name of lowercase letters, digits and '-', "
                            "starting and ending with a letter or digit", "frontend", ("Front_End", "")),
    "serviceNameOrEmpty": Format("^([a-z]([-a-z0-9]{0,61}[a-z0-9])?)?$", "a Service name (at most 63 lowercase "
                                 "letters, digits and '-', starting with a letter and ending with a letter or "
                                 "digit), or empty", "mail", ("2024-mail", "Mail")),
    "letterNameOrEmpty": Format("^([a-z]([-a-z0-9]*[a-z0-9])?)?$", "a name of lowercase letters, digits and '-', "
                                "starting with a letter and ending with a letter or digit, or empty",
                                "stalwart-db-restored", ("1db", "DB")),
    "labelKey": Format(f"^({_NAME}/)?{_LABEL_NAME}$", "a label or annotation key (an optional DNS prefix and "
                       "'/', then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter "
                       "or digit)", "example.com/team", ("my key", "-team")),
    "qualifiedName": Format(f"^({_NAME}/)?[A-Za-z0-9]([-A-Za-z0-9_.]{{0,61}}[A-Za-z0-9])?$", "a label key (an "
                            "optional DNS prefix and '/', then at most 63 letters, digits, '-', '_' or '.', "
                            "starting and ending with a letter or digit)", "grafana_dashboard", ("my label",)),
    "labelValue": Format("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$", "a label value (letters, digits, '-', "
                         "'_' or '.', starting and ending with a letter or digit), or empty", "mail",
                         ("my mail", "-x")),
    "prefixedNameOrEmpty": Format(f"^({_NAME}/[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$", "a domain-prefixed "
                                  "name (example.com/name), or empty", "service.k8s.aws/nlb", ("nlb",)),
    "kindName": Format("^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$", "a kind (letters, digits and '-', starting with a "
                       "letter)", "Gateway", ("gateway.networking.k8s.io/Gateway",)),
    "secretKey": Format("^[-._a-zA-Z0-9]+$", "a Secret key (letters, digits, '-', '_' and '.')", "ca.crt",
                        ("ca crt", "")),
    "envVarName": Format("^[-._a-zA-Z][-._a-zA-Z0-9]*$", "an environment variable name (letters, digits, '_', "
                         "'-' and '.', not starting with a digit)", "AWS_CA_BUNDLE", ("1ST_VAR", "MY VAR")),
    "portName": Format("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", "a port name (lowercase letters and digits in words "
                       "joined by single '-', starting with a letter)", "smtp", ("SMTP", "2525")),
    "quantity": Format(f"^{_NUMBER}(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?[0-9]+)?$", "a Kubernetes quantity: a "
                       "number with an optional suffix Ki, Mi, Gi (powers of 1024), k, M, G (powers of 1000) or m "
                       "(thousandths, for CPU), with no space and no trailing B", "512Mi", ("512MB", "1 Gi")),
    "size": Format(f"^{_NUMBER}(([KMGTPE]i)|[kMGTPE])?$", _SIZE, "10Gi", ("10GB", "10 Gi")),
    "percent": Format("^(100|[1-9]?[0-9])%$", "a percentage from 0% to 100%", "50%", ("50", "150%")),
    "ipAddress": Format(f"^({IPV4}|{IPV6})$", _IP, "10.96.0.10", ("10.96.0.10/32", "dns.example.com")),
    "cidr": Format(f"^({IPV4}{_V4_PREFIX}|{IPV6}{_V6_PREFIX})$", "an IPv4 or IPv6 network in CIDR notation "
                   "(address/prefix length)", "203.0.113.0/24", ("203.0.113.0", "203.0.113.0/33")),
    "addressOrCidr": Format(f"^({IPV4}({_V4_PREFIX})?|{IPV6}({_V6_PREFIX})?)$", "an IPv4 or IPv6 address, or a "
                            "network in CIDR notation (address/prefix length)", "203.0.113.0/24",
                            ("203.0.113.0/24,198.51.100.0/24", "lb.example.com")),
    "dnsSearch": Format(r"^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?(\.[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?)*\.?$",
                        "a DNS domain, optionally ending with '.'", "svc.cluster.local", ("*.cluster.local",)),
    "certDnsName": Format(rf"^(\*\.)?{_NAME}$", "a DNS name in lowercase, optionally starting with '*.' for a "
                          "wildcard", "mail.example.com", ("Mail.Example.com", "https://mail.example.com")),
    "imageRepository": Format(r"^[^\s:@]+(:[0-9]+)?[^\s:@]*$", "an image repository without tag or digest "
                              "([registry[:port]/]path, no spaces, ':' only before a registry port)",
                              "docker.io/stalwartlabs/stalwart", ("stalwartlabs/stalwart:v0.16.27",)),
    "imageTag": Format(r"^[\w][\w.-]{0,127}$", "an image tag (at most 128 letters, digits, '_', '.' and '-', not "
                       "starting with '.' or '-')", "v0.16.27", (":v1", "v1 beta")),
    "digestOrEmpty": Format("^(sha256:[a-f0-9]{64})?$", "an image digest (sha256: and 64 lowercase hexadecimal "
                            "digits), or empty", f"sha256:{_HEX}", (_HEX, "sha256:ABC")),
    "noSpaces": Format(r"^\S*$", "a value without spaces", "mail/", ("mail blobs/",)),
    "loginName": Format(r"^[^\s:]+$", "a user name without spaces or ':' (it is joined to the password as "
                        "user:password)", "admin", ("admin:secret", "")),
    "absolutePath": Format("^/", "an absolute path (starting with '/')", "/var/lib/stalwart/db",
                           ("var/lib/stalwart/db",)),
    "urlPath": Format("^(/[A-Za-z0-9._~-]+)+$", "a URL path ('/'-separated segments of letters, digits, '.', "
                      "'_', '~' and '-', with no trailing '/')", "/metrics", ("metrics", "/metrics/")),
    "endpointUrl": Format(r"^(https?://([A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?"
                      r"(/\S*)?)?$", "an http:// or https:// URL (host or [IPv6 address], optional port and "
                      "path, no user name or password), or empty", "https://s3.example.com",
                      ("s3.example.com", "https://key:secret@s3.example.com")),
    "httpUrlOrEmpty": Format(r"^(https?://[^\s]+)?$", "an http:// or https:// URL, or empty",
                             "https://s3.example.com", ("s3.example.com",)),
    "hostPort": Format(r"^[^\s/]+:[0-9]{1,5}$", "host:port, without a scheme", "nats.mail.svc:4222",
                       ("nats://nats:4222", "nats")),
    "region": Format("^[a-z0-9][a-z0-9-]*[a-z0-9]$", "a region (lowercase letters, digits and '-')", "us-east-1",
                     ("US East",)),
    "s3BucketOrEmpty": Format("^([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])?$", "an S3 bucket name (3 to 63 lowercase "
                              "letters, digits, '.' and '-', starting and ending with a letter or digit), or empty",
                              "stalwart-blobs", ("Stalwart_Blobs", "ab")),
    "goDuration": Format("^([0-9]+(ns|us|µs|ms|s|m|h))+$", "a Go duration (numbers with units h, m, s, ms, for "
                         "example 1h30m)", "1h", ("1 hour", "1d")),
    "shortDurationOrEmpty": Format("^([0-9]+(ms|s|m|h))*$", "a duration (numbers with units h, m, s or ms, for "
                                   "example 30s), or empty", "30s", ("30", "30 s")),
    "promDurationOrEmpty": Format(r"^$|^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?"
                                  r"(([0-9]+)s)?(([0-9]+)ms)?)$", "a Prometheus duration (numbers with units y, w, d, "
                                  "h, m, s, ms, largest first, for example 1m30s), or empty", "30s", ("30", "s30")),
    "certDuration": Format("^([0-9]+h)?([0-9]+m)?([0-9]+s)?$", "a duration in hours, minutes and seconds, largest "
                           "first (2160h is 90 days; no d, no spaces)", "2160h", ("90d", "1h 30m")),
    "rfc3339OrEmpty": Format(r"^$|^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?"
                             r"(Z|[+-][0-9]{2}:?[0-9]{2})$", "an RFC 3339 time with its zone, for example "
                             "2026-01-01T03:00:00Z, or empty", "2026-01-01T03:00:00Z",
                             ("2026-01-01", "2026-01-01T03:00:00")),
    "natsUser": Format("^[A-Za-z0-9_.@-]+$", "a user name of letters, digits, '_', '.', '@' and '-'", "stalwart",
                       ("stal wart", "")),
}
# Values that may also be left empty: the same form, or "".
KUBERNETES |= {
    "objectNameOrEmpty": or_empty(KUBERNETES["objectName"], "stalwart"),
    "secretKeyOrEmpty": or_empty(KUBERNETES["secretKey"], "password"),
    "ipAddressOrEmpty": or_empty(KUBERNETES["ipAddress"], "203.0.113.10"),
    **{f"{name}OrEmpty": or_empty(KUBERNETES[name])
       for name in ("hostName", "domainName", "dnsLabel", "lowercaseName", "size", "imageTag")},
}
