#!/usr/bin/env python3
"""Writes fuzz/dict/TARGET.dict, the words libFuzzer (and the replay test)
splice into inputs: the keys and keywords of the file formats, read from
`cloudcensus schema`, and each parser's own tokens.

Usage: scripts/fuzz-dictionaries.py [path/to/cloudcensus]"""
import json
import subprocess
import sys

binary = sys.argv[1] if len(sys.argv) > 1 else "target/debug/cloudcensus"


def schema_words(kind):
    schema = json.loads(subprocess.run([binary, "schema", kind], check=True,
                                       capture_output=True, text=True).stdout)
    words = set()

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "properties" and isinstance(value, dict):
                    words.update(value)
                if key == "enum" and isinstance(value, list):
                    words.update(str(x) for x in value)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(schema)
    return sorted(words)


def quoted(word):
    out = []
    for byte in word.encode():
        if byte in (0x22, 0x5C):
            out.append("\\" + chr(byte))
        elif 0x20 <= byte < 0x7F:
            out.append(chr(byte))
        else:
            out.append("\\x%02X" % byte)
    return '"' + "".join(out) + '"'


def write(target, about, words):
    with open(f"fuzz/dict/{target}.dict", "w") as f:
        f.write(f"# {about} (scripts/fuzz-dictionaries.py)\n")
        for word in dict.fromkeys(words):
            f.write(quoted(word) + "\n")


inventory, policy, scan = (schema_words(k) for k in ("inventory", "policy", "scan"))
YAML = ["---", "\n- ", ": ", "[", "]", "{", "}", "'", '"', "&a", "*a", "!!str", "|\n",
        "\n  ", "#", "null", "~", "2025-13-40", "\t"]
CEL = ["&&", "||", "!", "==", "!=", "<=", ">=", " in ", "has(", "size(", ".exists(",
       ".all(", ".map(", ".filter(", ".exists_one(", ".startsWith(", ".endsWith(",
       ".contains(", ".matches(", "int(", "uint(", "double(", "string(", "timestamp(",
       "duration(", "true", "false", "null", " ? ", " : ", "[]", "{}", "'", '"', "b'",
       "r'", "1u", "0x", "1e308", "-9223372036854775808", "9223372036854775807",
       "18446744073709551615u", "%", "/"]
VARIABLES = ["system", "agency", "provider", "endpoint", "probe", "today", "domain", "mail"]

write("inventory", "the inventory format's keys and keywords, YAML syntax",
      [k + ": " for k in inventory] + inventory + YAML)
write("policy", "the policy format's keys, YAML syntax, CEL tokens and variables",
      [k + ": " for k in policy] + policy + YAML + CEL + VARIABLES)
write("cel_eval", "CEL tokens, the variables, the fields rules read, the facts' JSON keys",
      CEL + VARIABLES + ["." + k for k in inventory + scan] + ['"' + k + '":' for k in scan])
write("http_response", "status lines, header names, HSTS, CSP, cookies, title markup, entities",
      ["HTTP/1.1 ", "HTTP/1.0 ", "\r\n", "\r\n\r\n", ": ", "Strict-Transport-Security",
       "Content-Security-Policy", "Content-Security-Policy-Report-Only", "X-Frame-Options",
       "X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy", "Set-Cookie",
       "Location", "Retry-After", "Server", "Content-Type", "max-age=", "includeSubDomains",
       "preload", "default-src", "script-src", "style-src", "object-src", "frame-ancestors",
       "base-uri", "'self'", "'none'", "'unsafe-inline'", "'unsafe-eval'", "'strict-dynamic'",
       "'nonce-", "'sha256-", "Secure", "HttpOnly", "SameSite=", "Domain=", "Path=",
       "Max-Age=", "Expires=", "__Host-", "__Secure-", "<title>", "</title>", "<title ",
       "&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&nbsp;", "301", "302", "303", "307",
       "308", "429", "503"])
write("spf", "SPF terms, qualifiers and macros (RFC 7208)",
      ["v=spf1", " -all", " ~all", " ?all", " +all", " include:", " a", " mx", " ptr",
       " exists:", " ip4:", " ip6:", " redirect=", " exp=", "/24", "//64", "%{s}", "%{l}",
       "%{o}", "%{d}", "%{i}", "%{p}", "%{v}", "%{h}", "%{d2r}", "%{l1r+-}", "%%", "%_",
       "%-", "\n"])
write("dmarc", "DMARC tags and values (RFC 7489)",
      ["v=DMARC1", ";", " p=", "sp=", "pct=", "rua=", "ruf=", "adkim=", "aspf=", "fo=",
       "rf=", "ri=", "none", "quarantine", "reject", "mailto:", "\n"])
write("security_txt", "security.txt fields (RFC 9116) and OpenPGP armour",
      ["Contact: ", "Expires: ", "Encryption: ", "Acknowledgments: ",
       "Preferred-Languages: ", "Canonical: ", "Policy: ", "Hiring: ",
       "-----BEGIN PGP SIGNED MESSAGE-----", "-----BEGIN PGP SIGNATURE-----", "- ", "#",
       "\n", "2027-12-31T23:59:59Z", "+07:00", "mailto:", "https://"])
write("config", "the config file's tables and keys (src/config/mod.rs), TOML syntax",
      ["[org]", "[inputs]", "[history]", "[report]", "[mail]", "[probe]", "[scan]", "id",
       "name", "kind", "inventories", "policies", "path", "password_file", "format",
       "outputs", "lang", "csv_bom", "per_agency_dir", "email_to", "email_from",
       "email_attach", "smtp_host", "smtp_port", "smtp_tls", "smtp_user", "smtp_password",
       "smtp_password_file", "email_agencies", "concurrency", "per_host", "timeout",
       "connect_timeout", "retries", "resolver", "ca_file", "tls_depth", "tls_resweep_days", "fail_on",
       "fail_on_targets", "offline", "wait", " = ", '"', "'''", "[[", "]]", "{", "}",
       "true", "false", "1979-05-27T07:32:00Z", "1e400", "-0", "inf", "nan",
       "0x7fffffffffffffff", "postgres://", "sqlite:"])
write("workbook_csv", "CSV syntax, the template's headers, the form feed between sheets",
      [",", '"', "\r\n", "\n", ";", "\x0c", "Agency id", "System id", "System name",
       "Hosting model", "URL", "Expect", "Procedure code", "=1+1", "2025-01-01",
       "01/02/2025", "\ufeff"])
