# English labels of the reports. Every message has a Vietnamese twin in
# vi.ftl; a unit test checks that both files hold the same message ids.

header = cloudcensus { $version } — as of { $date } ({ $mode }): { $agencies } { $agencies ->
        [one] agency
       *[other] agencies
    }, { $systems } { $systems ->
        [one] system
       *[other] systems
    }
header-retired = (+{ $retired } retired, not counted)
header-retiring = ({ $retiring } being retired, left out of the share on cloud)
header-scope-agencies = (agencies: { $list })
header-scope-tags = (systems tagged: { $list })
mode-online = online
mode-offline = offline

probed = Probed { $endpoints } { $endpoints ->
        [one] endpoint
       *[other] endpoints
    } in { $seconds } s: { $answered } answered
probed-errors = , { $failed } with errors ({ $classes })

section-targets = Targets
section-agencies = Agencies
section-failing = Failing findings ({ $count })
section-fix = What to fix
section-waivers = Waivers needing attention
no-failing = No failing findings.

col-target = Target
col-current = Current
col-goal = Goal
col-deadline = Deadline
col-status = Status
col-measured = Measured
col-agency = Agency
col-name = Name
col-systems = Systems
col-on-cloud = On cloud
col-services-online = Services online
col-compliance = Compliance
col-severity = Severity
col-rule = Rule
col-system = System
col-endpoint = Endpoint
col-finding = Finding
col-failing = Failing
col-rule-title = Rule title
col-remediation = Remediation
col-state = State
col-expires = Expires
col-where = Where
# The total row. Its name should come from the organisation (a city, a
# province, a ministry): see `whole_cell` in src/report/cells.rs.
row-all = all agencies
row-total = total
whole-province = whole province
whole-city = whole city
whole-ministry = whole ministry

measured = { $numerator } of { $denominator } { $unit }
measured-unknown = , { $count } unknown
unit-services = services
unit-agencies = agencies
unit-systems = systems

status-met = met
status-on-track = on track
status-behind = behind
status-missed = missed (reached { $value })
status-no-trend = not met yet; no trend yet
status-no-data = no data

severity-critical = critical
severity-high = high
severity-medium = medium
severity-low = low
severity-info = info

checks = { $total } checks: { $pass } pass, { $fail } fail, { $waived } waived, { $unknown } unknown, { $error } error. Failing by severity: { $severities }.
rule-errors = Some rules failed to evaluate (every `error` finding is in --format json):
rule-error-line = { $rule } on { $systems ->
        [one] one system
       *[other] { $systems } systems
    }, e.g. { $example }

summary-header = cloudcensus { $version } scan as of { $date } ({ $mode }): { $agencies } { $agencies ->
        [one] agency
       *[other] agencies
    }, { $systems } { $systems ->
        [one] system
       *[other] systems
    }
summary-targets = Targets:
summary-target = { $value } (goal { $goal } by { $deadline })
summary-failing = Failing findings: { $count } ({ $severities })
summary-agencies = Agencies with failing findings: { $count }
summary-more = and { $count } more
summary-errors = { $count } rule results are errors:
summary-reports = Reports: { $list }

mail-subject = [cloudcensus] { $cloud } of systems on cloud, { $agencies } { $agencies ->
        [one] agency
       *[other] agencies
    } with failures
mail-sent = Mail sent to { $to } ({ $size } KiB).

# Each agency its own report (issue 15, item 5)
mail-subject-agency = [cloudcensus] { $agency }: { $cloud } of systems on cloud, { $failing } failing { $failing ->
        [one] finding
       *[other] findings
    }
mail-for-whole = the organisation's mail
mail-for-agency = agency { $agency }
mail-sent-agency = Mail sent to { $who } at { $to } ({ $size } KiB).
mail-dry-run = Dry run: no mail sent. These mails would go:
mail-would-send = { $who }: to { $to }, subject "{ $subject }", attached { $attachments } ({ $size } KiB)
mail-no-attachment = nothing
mail-no-contact = NO REPORT MAILED to { $count } { $count ->
        [one] agency
       *[other] agencies
    } without a contact: { $list }. Add `contact:` to their inventory entries.
per-agency-written = Each agency's own report: { $count } files in { $dir }.
err-mail-refused = the SMTP server refused { $addresses }: { $reason }
err-mail-agency = the mail to agency `{ $agency }` failed: { $reason }
err-mail-not-connected = not sent: reaching { $host }:{ $port } failed earlier in this run
diag-agency-no-contact = agency `{ $id }` has no `contact`: --email-agencies cannot send it its own report
diag-hint-agency-contact = add `contact: it@example.gov.vn` under `agency:` (several addresses: separated by commas, or a list)

html-title = Cloud adoption and security census
html-chart-title = Compliance by agency, lowest first
html-compliance-note = Share of decided checks that pass or are waived.
html-gauge-goal = goal { $goal }
html-probe-facts = Endpoint checks
html-no-probes = Endpoints were not checked online in this scan.
html-mail-facts = Mail domain checks
html-mail-agencies = Named by
html-mail-not-protected = not protected by DMARC p=reject
html-probe-dns = DNS addresses
html-probe-result = Result
html-probe-status = HTTP status
html-probe-tls = TLS version
html-probe-cert = Certificate
html-probe-hsts = HSTS
html-probe-redirect = HTTP redirects to HTTPS
html-probe-provider = Provider seen in DNS
html-probe-title = Page title
html-reachable = reachable
html-unreachable = unreachable
html-yes = yes
html-no = no
html-none = none
html-cert-valid = valid; days left: { $days }
html-cert-problem = { $problem }; days left: { $days }
html-cert-expired = expired
html-cert-not-yet-valid = not yet valid
html-cert-self-signed = self-signed
html-cert-unknown-issuer = unknown issuer
html-cert-hostname-mismatch = does not match the host name
html-cert-invalid = invalid
html-hsts-max-age = max-age { $seconds } s
html-footer = Made by cloudcensus { $version } with data as of { $date }. This page is self-contained: it loads nothing from the network.

# `cloudcensus config`: the settings in force and where each came from.
config-file = Config file: { $path } ({ $how })
config-found-named = named by { $by }
config-found-here = found in the working folder
config-found-user = found in the user's config folder
config-none = No config file (looked for ./cloudcensus.toml, then $XDG_CONFIG_HOME/cloudcensus/config.toml): the settings come from flags, the environment and the defaults.
config-source-flag = flag { $flag }
config-source-env = environment { $variable }
config-source-file = file { $place }
config-source-locale = locale ({ $variable })
config-source-default = default
config-format-auto = tables on a terminal, else summary
config-history-none = none (HOME is not set)
config-password-set = set
config-password-file = read from smtp_password_file
config-password-not-set = not set

# CSV column names: identifiers in English (the JSON record's field names,
# for scripts); words in Vietnamese.
csv-severity = severity
csv-outcome = outcome
csv-rule = rule
csv-rule_title = rule_title
csv-agency = agency
csv-agency_name = agency_name
csv-system = system
csv-system_name = system_name
csv-endpoint = endpoint
csv-detail = detail
csv-remediation = remediation
csv-file = file
csv-line = line
csv-id = id
csv-name = name
csv-kind = kind
csv-systems = systems
csv-retired_systems = retired_systems
csv-retiring_systems = retiring_systems
csv-on_cloud = on_cloud
csv-on_cloud_percent = on_cloud_percent
csv-services_total = services_total
csv-services_fully_online = services_fully_online
csv-services_online_percent = services_online_percent
csv-failing_critical = failing_critical
csv-failing_high = failing_high
csv-failing_medium = failing_medium
csv-failing_low = failing_low
csv-failing_info = failing_info
csv-compliance_percent = compliance_percent

summary-changes = Since the scan of { $date }: { $new } new failing, { $fixed } fixed.
changes-waived = Failing before and waived now: { $count } (excused, not fixed).
changes-undecided = Failing before and unknown now: { $count } (not counted as fixed).
changes-rules-count = { $count } { $count ->
        [one] rule
       *[other] rules
    }
changes-policy = The rules changed since that scan ({ $rules }): failing findings that came with them { $came }, that went with them { $went }; not counted as new or fixed.
changes-policy-texts = The policy files changed since that scan; no rule's condition changed.
changes-inventory = The inventory files changed since that scan; failing findings gone with systems no longer listed: { $went } (not counted as fixed).
changes-target-worse = Target worse: { $title }: { $from } → { $to }.
changes-rule-errors = Rules newly failing to evaluate: { $rules }.

status-no-progress = no progress

html-trend = Value over the recorded scans
html-reached-by = At the current pace the goal is reached around { $date }.

marker-new = new

# cloudcensus probe, and the progress bar of probing
probe-result = Result
probe-attempts = Attempts
probe-status = HTTP status
probe-final-url = Final address
probe-after-redirects = { $url } (after { $count } { $count ->
        [one] redirect
       *[other] redirects
    })
probe-title = Page title
probe-server = Server
probe-tls = TLS
probe-certificate = Certificate
probe-cert-valid = valid; { $days } { $days ->
        [one] day
       *[other] days
    } left
probe-cert-problem = { $problem }: { $reason }; { $days } { $days ->
        [one] day
       *[other] days
    } left
probe-issuer = Issued by
probe-hsts = HSTS
probe-https-redirect = HTTP → HTTPS
probe-dns = DNS
probe-time = Time
probe-ms = { $ms } ms
probe-provider = Provider
progress-probing = probing
progress-endpoints = endpoints
progress-failed = { $count } failed

# The default policy pack, built into the binary (policy::pack).
policies-built-in = No policies/ folder here: using the policy pack built into cloudcensus { $version } (`cloudcensus policies` writes it out).

# The open-file limit, when even its hard value is below what the
# concurrency needs (crate::open_files).
open-files-short = at most { $limit } files may be open at once (hard limit { $hard }), and --concurrency { $concurrency } needs about { $needed }: probes beyond the limit will fail with "too many open files"
open-files-short-hint = raise the hard limit (LimitNOFILE= in the systemd unit, `nofile` in /etc/security/limits.conf, or `ulimit -Hn` as root) or lower --concurrency

# Statuses in a word or two, where the value is given beside them (the
# summary, `trend`). The status ids (`no-trend`...) are for scripts only.
status-name-met = met
status-name-on-track = on track
status-name-behind = behind
status-name-no-progress = no progress
status-name-missed = missed
status-name-no-trend = not met yet
status-name-no-data = no data

outcome-pass = pass
outcome-fail = fail
outcome-waived = waived
outcome-unknown = unknown
outcome-error = error

waiver-active = active
waiver-expired = expired
waiver-orphan = matches nothing

kind-department = department
kind-district = district
kind-commune = commune
kind-unit = public service unit
kind-enterprise = state-owned enterprise

# Why a probe did not complete, as the probe summary and tables name it.
probe-error-dns = dns
probe-error-refused = refused
probe-error-timeout = timeout
probe-error-tls = tls
probe-error-http = http
probe-error-too_many_redirects = too many redirects
probe-error-body_too_large = body too large
dns-error-nxdomain = no such name
dns-error-no-address = no address
dns-error-servfail = server failure
dns-error-refused = refused
dns-error-timeout = timeout
dns-error-other = failed
port-open = open
port-closed = closed
port-filtered = filtered

# SARIF and JUnit texts people read in a CI's view.
ci-references = References: { $list }
ci-remediation = Remediation: { $text }
ci-description = Description: { $text }
ci-could-not-evaluate = could not evaluate the rule: { $reason }
ci-no-reason = no reason given
ci-facts-missing = facts missing
ci-unknown = unknown: { $reason }
ci-waived = waived
ci-system = System: { $system }
ci-endpoint = Endpoint: { $endpoint }
ci-inventory = Inventory: { $place }
ci-detail = Detail: { $detail }
ci-passing-case = passing checks
ci-passing-body = { $count } { $count ->
        [one] check
       *[other] checks
    } passed on this system. The scan record counts passing checks per system without naming their rules, so they share this test case.

# `cloudcensus runs`
runs-none = No scans recorded yet.
runs-mode-online = online
runs-mode-offline = offline
runs-line = as of { $date }  { $mode }  { $agencies } { $agencies ->
        [one] agency
       *[other] agencies
    }, { $systems } { $systems ->
        [one] system
       *[other] systems
    }, { $on_cloud } on cloud, { $failing } failing, compliance { $compliance }

# `cloudcensus trend`
trend-none = No target values recorded yet: run `cloudcensus scan`.
trend-line = { $first } -> { $last }  goal { $goal } by { $deadline }: { $status }
trend-pace = (at this pace the goal is reached around { $date })

# `cloudcensus diff`
diff-header = Run { $before } (as of { $before_date }) -> run { $after } (as of { $after_date }): { $new } new failing, { $fixed } fixed, { $still } still failing
diff-new-failing = New failing
diff-fixed = Fixed
diff-systems-added = Systems added
diff-systems-removed = Systems removed
diff-agencies-added = Agencies added
diff-agencies-removed = Agencies removed
diff-compliance-changed = Compliance changed

# `cloudcensus prune`
prune-dropped = dropped { $count } recorded { $count ->
        [one] scan
       *[other] scans
    }
prune-would-drop = would drop { $count } recorded { $count ->
        [one] scan
       *[other] scans
    }

# `cloudcensus history migrate`
migrate-done = copied { $copied } recorded { $copied ->
        [one] scan
       *[other] scans
    }; { $skipped } already there

# --- Terminal view, grouping and print layout (issue 12, item 8) ---------
# Kept together at the end of the file to ease merging.
section-failing-rules = Failing findings ({ $count }) by rule
section-failing-each = Every failing finding ({ $count })
col-worst-agencies = Most failing in
worst-more = +{ $count } more
count-new = { $count } ({ $new } new)
details-hint = One row per failing finding: add --details.
html-failing-list = Failing systems ({ $count })
worst-spread = { $count } agencies, one system each
html-compact-note = Which systems fail each rule, and what probing learned of each endpoint, are in the full HTML report (a report file, or --email-attach html).
html-new-systems = { $count } new
# --- end of issue 12, item 8 ----------------------------------------------

# --- validate messages: diagnostics of input files (issue 12, item 5) ------
# Kept together at the end of the file to ease merging. The English texts
# are the tool's historic wording, and those under "serde" are serde's own:
# the loaders recognise serde's text by them (src/yaml.rs, SERDE_SHAPES), so
# change them only together with the code.
diag-level-error = error
diag-level-warning = warning
diag-hint = hint
diag-summary = { $errors } error(s), { $warnings } warning(s)
diag-did-you-mean = did you mean `{ $name }`?
diag-io-not-found = { $text }
diag-io-permission-denied = { $text }
validate-ok = ok: { $agencies } agencies, { $systems } systems in { $files } inventory files; { $rules } rules, { $targets } targets, { $waivers } waivers, { $providers } providers
init-created = created { $path }
init-exists = error: { $path } already exists (use --force to overwrite)
init-next = next: cd { $dir } && cloudcensus validate && cloudcensus scan --offline

## Reading files
diag-cannot-read-file = cannot read file: { $error }
diag-not-regular-file = not a regular file
diag-file-too-large = file is { $size } MiB, more than the { $limit } MiB limit
diag-hint-split-inventory = split the inventory into one file per agency
diag-not-utf8 = file is not valid UTF-8
diag-hint-save-utf8 = save the file as UTF-8 (Vietnamese text in a legacy encoding such as TCVN3 or VNI must be converted)
diag-file-empty = file is empty
diag-hint-file-empty = an inventory starts with `agency:` followed by `systems:`; run `cloudcensus init` for an example
diag-yaml-gave-up = the YAML parser gave up on this file; check its structure near the last edit
diag-no-such-path = no such file or folder
diag-hint-run-init = run `cloudcensus init` to create inventories/ and policies/
diag-cannot-walk = cannot read: { $error }

## serde's messages, with the path to the value before them
diag-yaml-at = { $path }: { $message }
diag-yaml-other = { $text }
diag-yaml-unknown-field-one-of = unknown field `{ $name }`, expected one of { $expected }
diag-yaml-unknown-field-expected = unknown field `{ $name }`, expected { $expected }
diag-yaml-unknown-field-none = unknown field `{ $name }`, there are no fields
diag-yaml-unknown-variant-one-of = unknown variant `{ $name }`, expected one of { $expected }
diag-yaml-unknown-variant-expected = unknown variant `{ $name }`, expected { $expected }
diag-yaml-unknown-variant-none = unknown variant `{ $name }`, there are no variants
diag-yaml-field-one-of = unknown variant `{ $name }`, expected one of { $expected }
diag-yaml-field-expected = unknown variant `{ $name }`, expected { $expected }
diag-yaml-missing-field = missing field `{ $name }`
diag-yaml-duplicate-field = duplicate field `{ $name }`
diag-yaml-duplicate-key = duplicate entry with key { $key }
diag-yaml-invalid-type = invalid type: { $found }, expected { $expected }
diag-yaml-invalid-value = invalid value: { $found }, expected { $expected }
diag-yaml-invalid-length = invalid length { $length }, expected { $expected }
diag-yaml-untagged = data did not match any variant of untagged enum { $name }
diag-yaml-recursion = recursion limit exceeded
diag-yaml-repetition = repetition limit exceeded
diag-yaml-unknown-anchor = unknown anchor
diag-found-string = string { $value }
diag-found-integer = integer { $value }
diag-found-float = floating point { $value }
diag-found-boolean = boolean { $value }
diag-found-unit = unit value
diag-found-sequence = sequence
diag-found-map = map
diag-expected-u8 = u8
diag-expected-u16 = u16
diag-expected-u32 = u32
diag-expected-u64 = u64
diag-expected-i64 = i64
diag-expected-f64 = f64
diag-expected-string = a string
diag-expected-boolean = a boolean
diag-expected-sequence = a sequence
diag-expected-map = a map
diag-expected-struct = struct { $name }
diag-expected-policy-text = a text, or a text per language such as `{"{"}vi: ..., en: ...{"}"}`
diag-expected-language = a language: { $tags }
diag-hint-allowed = allowed: { $choices }
diag-hint-tabs = YAML indents with spaces only; replace the tabs
diag-hint-nesting = the file nests deeper than any inventory needs; check its indentation
diag-hint-aliases = the file expands aliases (`*name`) too often; write the values out
diag-hint-add-field = add the field; `cloudcensus schema` lists every field

## Values that check themselves
diag-field-id = invalid id `{ $value }`: use 1 to { $max } letters, digits, `-`, `_` or `.`, starting with a letter or digit
diag-field-date-format = invalid date `{ $value }`: write it as YYYY-MM-DD (ISO 8601), e.g. 2025-12-31
diag-field-no-such-day = invalid date `{ $value }`: that day does not exist
diag-field-percent = invalid percentage `{ $value }`: write a number from 0 to 100 followed by %, e.g. 90%
diag-field-security-level = invalid security_level `{ $value }`: grades run from 1 to 5 (Decree 85/2016/NĐ-CP)
diag-field-agency-quorum = invalid agency_counts_when `{ $value }`: use all, any or a percentage such as 80%
diag-url-invalid = invalid URL `{ $text }`: { $reason }
diag-url-no-port = `{ $text }` has no port: write tcp://host:port
diag-url-scheme = `{ $text }`: unsupported scheme `{ $scheme }`; use http, https or tcp
diag-url-no-host = `{ $text }` has no host
diag-text-twice = the text is given twice in `{ $lang }`
diag-text-no-language = the text is given in no language: write it as plain text or per language ({ $tags })

## Inventories as a whole
diag-duplicate-agency = duplicate agency id `{ $id }`
diag-hint-agency-defined-at = also defined at { $at }; agency ids must be unique across all inventories
diag-hint-defined-at = also defined at { $at }
diag-unknown-parent = unknown parent agency `{ $id }`
diag-parent-outside = parent agency `{ $id }` is not among the files given; it is checked when the whole inventory is validated
diag-no-systems = agency `{ $id }` lists no systems
diag-duplicate-system = duplicate system id `{ $id }` in agency `{ $agency }`
diag-online-over-total = fully_online ({ $online }) is more than total ({ $total })
diag-mobile-over-online = mobile_ready ({ $mobile }) is more than fully_online ({ $online })
diag-services-over-total = { $listed } services listed but total is { $total }
diag-unknown-provider = unknown hosting provider `{ $id }`
diag-hint-add-provider = add it to policies/providers.yaml
diag-provider-outside = hosting provider `{ $id }` is not among the files given (the built-in registry lacks it); it is checked when the whole inventory is validated with its policies/providers.yaml
diag-endpoint-twice = endpoint `{ $url }` is listed twice in system `{ $system }`
diag-no-such-agency = no agency `{ $id }` in the inventories

## Policies
diag-duplicate-provider = duplicate provider id `{ $id }`
diag-duplicate-rule = duplicate rule id `{ $id }`
diag-rule-expression = rule { $rule }: `{ $key }`: { $problem }
diag-duplicate-target = duplicate target id `{ $id }`
diag-quorum-needs-agency = target { $target }: `agency_counts_when` needs `unit: agency`
diag-target-unknown-rule = target { $target }: unknown rule `{ $rule }`
diag-target-expression = target { $target }: `{ $key }`: { $problem }
diag-target-rule-or-ratio = target { $target }: give exactly one of `rule` or `ratio`
diag-waiver-unknown-rule = waiver for unknown rule `{ $rule }`
diag-waiver-system = waiver system `{ $system }` is not `agency/system`
diag-hint-waiver-system = write the agency id, a slash and the system id, or `agency/*`
diag-cel-empty = the expression is empty
diag-cel-too-long = the expression has { $chars } characters; the limit is { $limit }: split the rule
diag-cel-too-many-operators = the expression has { $operators } operators; the limit is { $limit }: split the rule
diag-cel-too-deep = the expression nests { $depth } brackets deep; the limit is { $limit }
diag-cel-parser-failed = the CEL parser failed on this expression
diag-cel-syntax = CEL syntax error
diag-cel-syntax-detail = CEL syntax error: { $detail }
diag-cel-unknown-variable = unknown variable `{ $name }`: { $hint }
diag-cel-hint-variables = the variables are { $names }
diag-cel-endpoint-only = `{ $name }` exists only in rules with `each: endpoint`
diag-cel-no-fields = `{ $path }` has no field `{ $field }`
diag-cel-unknown-field = unknown field `{ $path }.{ $field }`: { $hint }
diag-cel-hint-fields = its fields are { $names }

## The config file
diag-no-config-file = no such config file
diag-hint-config-named-by = named by { $by }; `cloudcensus init` writes an example { $file }
diag-toml-syntax = { $text }
diag-config-table-not-value = `{ $table }` is a table, not a value
diag-hint-config-table-header = write `[{ $table }]` on a line of its own and its keys below it
diag-config-not-read = `{ $key }` is not read yet
diag-config-unknown-table = unknown table `{ $name }`
diag-config-key-outside = unknown key `{ $name }` outside any table
diag-config-unknown-key = unknown key `{ $name }` in [{ $table }]
diag-hint-config-belongs-in = `{ $name }` belongs in the [{ $table }] table
diag-hint-config-tables = the tables are { $tables }
diag-hint-config-table-holds = [{ $table }] holds { $keys }
diag-config-password = `{ $name }`: the SMTP password is never read from the config file
diag-hint-config-password = put it in a file only the scan's user can read and name that file with `smtp_password_file` in [mail], or set CLOUDCENSUS_SMTP_PASSWORD
diag-config-wrong-type = `{ $name }` must be { $expected }, not { $found }
diag-config-must-be = `{ $name }` must be { $expected }
diag-config-about = `{ $name }`: { $why }
diag-config-socket = `{ $name }` must be IP:PORT, e.g. "192.0.2.53:53"
diag-config-unknown-value = `{ $name }`: unknown value `{ $value }`
diag-hint-config-use-one-of = use one of: { $choices }
diag-config-true-or-false = true or false
diag-config-strings = a string or a list of strings, e.g. ["a", "b"]
diag-config-whole-number = a whole number from { $min } to { $max }
diag-config-seconds = a number of seconds, e.g. 10 or 2.5
diag-toml-a-string = a string
diag-toml-an-integer = an integer
diag-toml-a-float = a float
diag-toml-a-boolean = a boolean
diag-toml-a-datetime = a datetime
diag-toml-an-array = an array
diag-toml-a-table = a table
# --- end of validate messages (issue 12, item 5) ---------------------------

# --- errors that stop a command (issue 12, item 5) -------------------------
# Kept together at the end of the file to ease merging. Printed after
# "error: " (diag-level-error). Each text is the error's English `Display`,
# byte for byte (a unit test in src/error.rs holds them together).
# `reason` is another program's words (the operating system's, SQLite's,
# the mail or TLS library's), shown as it wrote them.

## The history store (src/history/store.rs)
err-history-no-place = no place for the history: set --history PATH (or HOME / XDG_DATA_HOME)
err-history-create-folder = cannot create { $path }: { $reason }
err-history-open = cannot open the history { $path }: { $reason }
err-history-not-a-store = the history { $path } is not a cloudcensus store or is damaged ({ $reason }); move it aside to start a new one
err-history-too-new = the history { $path } was written by a newer cloudcensus (store version { $version }, this one reads up to { $supported }); upgrade, or use --history to choose another file
err-history-encode = cannot encode the run for the history: { $reason }
err-history-record = cannot record the run in { $path }: { $reason }
err-history-no-room = { $reason } (the disk is full or a file size limit was reached: free some room and run the scan again; tonight's run is not recorded, and the runs before it are as they were)
err-history-read = cannot read the history { $path }: { $reason }
err-history-prune = cannot prune the history { $path }: { $reason }
err-history-damaged = run { $id } in { $path } cannot be read: { $reason }
err-history-locked = another scan is writing to the history { $store } (lock { $lock }); wait for it, or pass --wait
err-history-lock-file = cannot open the run lock { $path }: { $reason }
err-history-lock = cannot take the run lock { $path }: { $reason }
err-history-held = another scan of { $who } is writing to the history { $url }; wait for it, or pass --wait
err-history-held-scope = another scan of { $who } [{ $scope }] is writing to the history { $url }; wait for it, or pass --wait
history-who-org = organisation { $org }
history-who-none = the organisation
err-history-bad-url = the history URL { $url } cannot be read ({ $reason }); write it as postgres://USER@HOST:PORT/DATABASE
err-history-password-in-url = the history URL { $url } holds a password; take it out, and put it in PGPASSWORD, ~/.pgpass or a file named by --history-password-file ([history] password_file)
err-history-password-file = cannot read the history's password file { $path }: { $reason }
err-history-pgpass-open = the password file { $path } can be read by other users; make it yours alone (chmod 600)
err-history-root-cert = cannot use the history's CA certificates { $path }: { $reason }
err-history-connect = cannot connect to the history { $url }: { $reason }
err-migrate-from = --from { $value }: name the SQLite history to copy as sqlite:PATH
err-migrate-to = --to { $value }: name the PostgreSQL history as postgres://USER@HOST:PORT/DATABASE
err-no-history-at = no history at { $path }: nothing to copy

## The history commands
err-no-such-run = no run { $id } in the history (see `cloudcensus runs`)
err-no-runs = no scans recorded yet
err-diff-needs-two-runs = a diff needs two recorded scans (see `cloudcensus runs`)
err-trend-write = cannot write the trend: { $reason }
err-trend-unknown-target = no target `{ $target }` in the history
err-trend-unknown-target-hint = no target `{ $target }` in the history; did you mean `{ $hint }`?
err-report-unknown-agency = run { $run } has no agency `{ $id }`
err-report-unknown-agency-hint = run { $run } has no agency `{ $id }`: did you mean `{ $hint }`?

## Report files (src/report/outputs.rs)
err-output-unknown-format = cannot tell the format of the report { $path } from its name: end it in { $extensions } (.xml is JUnit, .txt the tables), or write FORMAT=FILE, e.g. json={ $path }
err-output-write = cannot write the report to { $path }: { $reason }
err-output-is-folder = it is a folder
err-output-no-file-name = the path names no file

## The mail (src/notify/mail.rs)
err-mail-password-file = cannot read the SMTP password file { $path }: { $reason }
err-mail-render = cannot render the { $format } report for the mail: { $reason }
err-mail-address = { $flag } `{ $address }` is not a mail address: { $reason }
err-mail-attachment-type = internal error: { $reason }
err-mail-build = cannot build the mail: { $reason }
err-mail-runtime = cannot start the mail runtime: { $reason }
err-mail-tls = cannot set up TLS for { $host }: { $reason }
err-mail-send = sending mail through { $host }:{ $port } failed: { $reason }

## Probing (src/probe/error.rs)
err-probe-system-dns = cannot read the system's DNS configuration ({ $reason }); name a resolver with --resolver IP:PORT
err-probe-resolver = cannot start the DNS resolver: { $reason }
err-probe-ca-unreadable = { $path }: cannot read the CA file: { $reason }
err-probe-ca-not-pem = { $path }: not a PEM certificate file: { $reason }
err-probe-ca-empty = { $path }: no PEM certificate in the CA file
err-probe-ca-certificate = { $path }: unusable CA certificate: { $reason }
err-probe-verifier = cannot set up certificate verification: { $reason }
err-probe-tls = cannot set up TLS: { $reason }
err-probe-http-client = cannot set up the HTTP client: { $reason }
err-probe-runtime = cannot start the probe runtime: { $reason }
err-probing-stopped = probing stopped unexpectedly
err-stopped-before-writing = stopped by { $signal } before writing anything: no report written and no run recorded; the previous reports and the history are as they were
err-stopped-after-writing = stopped by { $signal } once the reports were written and the run recorded; no mail was sent

## Anything else
err-schema = cannot write the JSON Schema: { $reason }
err-io = { $reason }

## Why a flag's value (or the config file's) is refused. clap prints the
## flags' in English, inside its own English message; the config file's
## diagnostics print them in the reader's language.
err-flag-unknown-target-state = unknown target state `{ $word }`: expected `none` or a comma-separated list of { $choices }
err-flag-not-an-attachment = `{ $word }` is not a report to attach: expected `none` or a comma-separated list of { $choices }
err-flag-output-no-file = no file after `{ $name }=`
err-flag-output-empty = give a file name, `-` for stdout, or FORMAT=FILE
err-flag-seconds = use a number of seconds between 0 and 3600, e.g. 10 or 2.5
# --- end of errors that stop a command (issue 12, item 5) ------------------

# --- TLS versions and certificate strength (issue 13) --------------------
# Kept together at the end of the file to ease merging.
probe-tls-versions = TLS versions
probe-tls-legacy-only = no modern handshake, seen from its first answer
probe-cert-key = Key
html-probe-tls-versions = TLS versions accepted
html-cert-weak-key = key too weak
html-cert-weak-signature = weak signature (SHA-1 or MD5)
probe-tls-weak = Weak suite
probe-tls-profile = Mozilla TLS profile
profile-modern = modern
profile-intermediate = intermediate
profile-old = old
profile-none = none (not even old)
profile-short-of = short of { $profile }: { $gaps }
profile-unchecked = not checked: { $criteria }
profile-gap-version = accepts { $found }
profile-gap-suite = accepts { $found }
profile-gap-certificate-type = { $found } certificate
profile-gap-key-size = { $found }-bit key
profile-gap-signature = signed with { $found }
profile-gap-dh-size = { $found }-bit DH prime
profile-gap-certificate-lifespan = certificate valid for { $found } days
profile-criterion-version = protocol versions
profile-criterion-suite = cipher suites
profile-criterion-certificate-type = certificate type
profile-criterion-key-size = key size
profile-criterion-signature = signature algorithm
profile-criterion-dh-size = DH prime size
profile-criterion-certificate-lifespan = certificate lifespan
# --- end of issue 13 ------------------------------------------------------

# --- HSTS preload (issue 14, item 4) ---
probe-hsts-preload = HSTS preload
probe-preload-yes = preloaded (base domain { $base }; list of { $date })
probe-preload-base-only = base domain { $base } preloaded, not with its subdomains (list of { $date })
probe-preload-no = not preloaded (base domain { $base }; list of { $date })
probe-preload-ready = its header can be submitted (max-age of a year or more, includeSubDomains, preload)
probe-preload-not-ready = its header is not ready for the list (needs max-age of a year or more, includeSubDomains and preload)
# --- end of HSTS preload ---
# --- issue 14, item 6: mail domains (probe --mail-domain) ------------------
# Kept together at the end of the file to ease merging.
mail-bad-domain = `{ $domain }` is not a domain name
mail-bad-domain-hint = give the mail domain alone, e.g. --mail-domain hue.gov.vn (no scheme, address or mailbox)
mail-domain = Domain
mail-lookup-failed = unknown (the DNS lookup failed)
mail-lookup-errors = Failed lookups
mail-mx = MX
mail-mx-none = none (no MX record)
mail-mx-null = none: the domain accepts no mail (null MX)
mail-smtp-not-asked = not asked
mail-smtp-no-starttls = no STARTTLS
mail-smtp-error-dns = no address
mail-smtp-error-refused = refused
mail-smtp-error-timeout = timeout
mail-smtp-error-protocol = SMTP error
mail-smtp-error-tls = TLS handshake failed
mail-spf = SPF
mail-spf-summary = ends { $all }; { $lookups } DNS { $lookups ->
    [one] lookup
   *[other] lookups
}
mail-spf-error-multiple-records = more than one SPF record
mail-spf-error-malformed = malformed
mail-spf-error-too-many-lookups = more than 10 DNS lookups
mail-spf-error-bad-include = an include without a valid record
mail-dmarc = DMARC
mail-dmarc-compliant = compliant (p=reject)
mail-dmarc-not-compliant = not compliant (p=reject needed, and sp=reject, pct=100 where set)
mail-dmarc-error-multiple-records = more than one DMARC record
mail-dmarc-error-malformed = malformed
mail-mta-sts = MTA-STS
mail-tls-rpt = TLS-RPT
# --- end of issue 14, item 6 ------------------------------------------------

# --- IPv4 and IPv6 (issue 14, item 5) ---
probe-families = IPv4 and IPv6
probe-family-answers = answers
probe-family-silent = does not answer
# --- end of IPv4 and IPv6 ---
# --- Security headers, cookies and security.txt (issue 14, items 1-3) ----
# Kept together at the end of the file to ease merging.
probe-csp = Content-Security-Policy
probe-csp-unsafe = scripts allowed: { $what }
probe-csp-unsafe-inline = inline
probe-csp-unsafe-eval = eval
probe-csp-wildcard = from any source
probe-csp-unrestricted = scripts not restricted
probe-framing = Framing by other sites
probe-framing-blocked = blocked ({ $how })
probe-framing-allowed = allowed
probe-nosniff = X-Content-Type-Options
probe-referrer-policy = Referrer-Policy
probe-permissions-policy = Permissions-Policy
probe-cookies = Cookies
probe-cookie-no-flags = no flags
probe-cookies-more = { $count } more
probe-cookies-insecure = some set over HTTPS without Secure
probe-security-txt = security.txt
probe-security-txt-found = found; expires on { $date } ({ $days } { $days ->
        [one] day
       *[other] days
    } left)
probe-security-txt-expired = expired on { $date }
probe-security-txt-no-expiry = found; no valid Expires
probe-security-txt-missing = not found (HTTP { $status })
probe-security-txt-no-https = not found: nothing answered over HTTPS
probe-security-txt-plain-http = served over plain HTTP
probe-security-txt-contact = contact: { $contacts }
# --- end of issue 14, items 1-3 -------------------------------------------
# --- issue 14, items 6-8: mail domains in inventories, rules and reports ---
diag-field-domain = invalid domain `{ $text }`: write a domain name such as hue.gov.vn, without scheme, path, port or `@`
diag-field-contact = invalid mail address `{ $text }` in `contact`: write an address such as it@example.gov.vn, several separated by commas or as a list
diag-domain-twice = domain `{ $domain }` is listed twice by agency `{ $agency }`
diag-domain-other-agency = domain `{ $domain }` is also listed by agency `{ $other }`; its rules are judged once per agency that lists it
diag-hint-domain-one-agency = list a domain under the agency that runs it ({ $at })
diag-cel-scope-only = `{ $name }` exists only in rules with `each: { $scopes }`
col-mail = Mail domains
mail-posture = { $reject }/{ $domains } at DMARC p=reject
mail-posture-unknown = { $domains } { $domains ->
    [one] domain
   *[other] domains
}, DMARC unknown
# --- issue 15, items 4 and 8: the workbook report and OpenMetrics ---------
# (OpenMetrics HELP texts are English in every language: src/report/openmetrics.rs)
xlsx-sheet-targets = Targets
xlsx-sheet-agencies = Agencies
xlsx-sheet-findings = Failing findings
xlsx-sheet-rules = Rules to fix
xlsx-sheet-waivers = Waivers to review
xlsx-col-kind = Kind
xlsx-col-retired_systems = Retired systems
xlsx-col-retiring_systems = Systems being retired
xlsx-col-on_cloud = Systems on cloud
xlsx-col-services_total = Public services
xlsx-col-services_fully_online = Services fully online
xlsx-col-file = Inventory file
xlsx-col-agency = Agency
xlsx-col-agency_name = Agency name
xlsx-col-system_name = System name
xlsx-col-detail = Detail
xlsx-col-line = Line
xlsx-col-new = New
xlsx-col-new_systems = Of which new
xlsx-rows-left-out = { $count } more failing findings are left out: a sheet holds at most 1,048,576 rows. The CSV and JSON reports have them all.
err-output-binary-terminal = the { $format } report is a binary file and stdout is a terminal: write it to a file with --output report.{ $format }, or redirect stdout to a file or a pipe
# --- end of issue 15, items 4 and 8 ----------------------------------------

# --- Workbooks: template, import, export (issue 15, items 1 to 3) --------
# Kept together at the end of the file to ease merging. A column's English
# note is the inventory schema's description itself, passed on as
# {$description} (src/workbook/columns.rs); vi.ftl translates it.

## Sheets
wb-sheet-agencies = Agencies
wb-sheet-systems = Systems
wb-sheet-endpoints = Endpoints
wb-sheet-services = Public services

## Headers
wb-col-agencies-id = Agency id
wb-col-agencies-name = Agency name
wb-col-agencies-kind = Kind
wb-col-agencies-contact = Contact e-mail
wb-col-agencies-parent = Parent agency id
wb-col-agencies-tags = Tags
wb-col-agencies-domains = Domains
wb-col-systems-agency = Agency id
wb-col-systems-id = System id
wb-col-systems-name = System name
wb-col-systems-description = Description
wb-col-systems-criticality = Criticality
wb-col-systems-security-level = Security level
wb-col-systems-security-approval-decision = Security approval decision
wb-col-systems-security-approval-date = Security approval date
wb-col-systems-last-security-assessment = Last security assessment
wb-col-systems-data-classification = Data classification
wb-col-systems-personal-data-users = Personal data users
wb-col-systems-lifecycle = Lifecycle
wb-col-systems-commissioned = Commissioned
wb-col-systems-last-reviewed = Last reviewed
wb-col-systems-hosting-model = Hosting model
wb-col-systems-hosting-provider = Hosting provider
wb-col-systems-hosting-region = Hosting region
wb-col-systems-migration-strategy = Migration strategy
wb-col-systems-migration-status = Migration status
wb-col-systems-migration-wave = Migration wave
wb-col-systems-migration-target-date = Migration target date
wb-col-systems-migration-note = Migration note
wb-col-systems-public-services-total = Public services
wb-col-systems-public-services-fully-online = Fully online services
wb-col-systems-public-services-mobile-ready = Mobile-ready services
wb-col-systems-tags = Tags
wb-col-endpoints-agency = Agency id
wb-col-endpoints-system = System id
wb-col-endpoints-url = URL
wb-col-endpoints-expect = Expect
wb-col-services-agency = Agency id
wb-col-services-system = System id
wb-col-services-code = Procedure code
wb-col-services-name = Service name
wb-col-services-level = Level
wb-col-services-online-payment = Online payment
wb-col-services-result-delivery = Result delivery
wb-col-services-national-portal-id = National portal id

## Notes: the schema's descriptions
wb-note-agencies-id = {$description}
wb-note-agencies-contact = {$description}
wb-note-agencies-parent = {$description}
wb-note-agencies-domains = {$description}
wb-note-systems-id = {$description}
wb-note-systems-security-level = {$description}
wb-note-systems-security-approval-decision = {$description}
wb-note-systems-last-security-assessment = {$description}
wb-note-systems-personal-data-users = {$description}
wb-note-systems-lifecycle = {$description}
wb-note-systems-commissioned = {$description}
wb-note-systems-last-reviewed = {$description}
wb-note-systems-hosting-provider = {$description}
wb-note-systems-public-services-total = {$description}
wb-note-systems-public-services-fully-online = {$description}
wb-note-systems-public-services-mobile-ready = {$description}
wb-note-endpoints-url = {$description}
wb-note-endpoints-expect = {$description}
wb-note-services-code = {$description}
wb-note-services-national-portal-id = {$description}

## Notes: what a column takes
wb-note-link-agency = The id of the agency the row belongs to, as on the sheet Agencies; may stay empty when the workbook holds one agency.
wb-note-link-system = The id of the system the row belongs to, as on the sheet Systems.
wb-note-required = Required.
wb-note-required-with = Required when any {$group} column is filled in.
wb-note-text = Text.
wb-note-keyword = One of: {$choices} (pick from the list).
wb-note-date = A date, typed as a date or as text YYYY-MM-DD.
wb-note-integer = A whole number.
wb-note-range = A whole number from {$min} to {$max}.
wb-note-bool = TRUE or FALSE.
wb-note-list = Several values: separate them with commas.
wb-note-default = Empty means {$value}.
wb-dropdown-title = Not allowed here
wb-dropdown-message = Pick one of: {$choices}.

## Reading workbooks
wb-err-unreadable = cannot read the workbook: {$reason}
wb-err-not-xlsx = not an xlsx workbook (a zip file): {$reason}
wb-err-too-many-entries = the workbook holds {$entries} files, more than {$limit}: refused
wb-err-entry-too-big = the workbook's part `{$entry}` would unpack to {$size} MiB, more than {$limit} MiB: refused before reading it
wb-err-too-many-rows = the sheet has {$rows} rows, more than {$limit}: refused before reading it whole
wb-err-too-many-cells = the workbook has more than {$limit} cells: refused
wb-err-cell-too-long = the cell holds more than {$limit} characters (Excel's limit): refused
wb-err-merged = merged cells {$range}: each row needs its own value
wb-hint-merged = unmerge the cells (Excel: Merge & Center; LibreOffice: Format > Merge and Unmerge Cells) and fill in every row
wb-err-formula-no-value = a formula without a saved result
wb-err-cell-error = the cell shows the error {$error} instead of a value
wb-err-csv = cannot read this CSV line: {$reason}
wb-err-csv-utf8 = the CSV file is not UTF-8 text
wb-hint-csv-utf8 = save it as "CSV UTF-8" (Excel) or with the character set "Unicode (UTF-8)" (LibreOffice)
wb-err-csv-which-sheet = the first line names no column of the template, so the sheet this CSV file holds is not known
wb-hint-csv-which-sheet = keep the template's header row as the first line of the file
wb-err-csv-same-sheet = this CSV file holds the same sheet ({$sheet}) as {$other}
wb-err-file-kind = not a workbook: import reads .xlsx and .csv files
wb-hint-file-kind = in Excel or LibreOffice, save the file as "Excel Workbook (.xlsx)"
wb-err-missing-sheet = the workbook has no sheet `{$sheet}` (in Vietnamese `{$vi}`)
wb-hint-missing-sheet = start from `cloudcensus template`, whose sheets are named as import expects
wb-err-unknown-column = unknown column `{$header}`
wb-err-which-agency = which agency: the workbook holds several, so fill in the agency id
wb-err-no-such-agency = no agency `{$id}` on the sheet {$sheet}
wb-err-no-such-system = agency `{$agency}` has no system `{$id}` on the sheet {$sheet}
wb-hint-date = type the date as a date, or as text YYYY-MM-DD (e.g. 2026-06-30)
wb-err-would-overwrite = the inventory of `{$id}` already exists with a different text: not overwritten
wb-hint-force = review the difference, then import again with --force

## What the commands say
wb-template-written = Wrote the template {$path}: fill it in, then `cloudcensus import {$path}`.
wb-export-written = Exported {$agencies} agencies and {$systems} systems to {$path}.
wb-import-written = Wrote {$written} inventories to {$dir} ({$unchanged} unchanged).
wb-import-nothing-written = Nothing written: correct the errors above and import again (or use --partial).
wb-import-left-out = Left out, with errors ({$count}): {$ids}
# --- end of workbooks (issue 15) ------------------------------------------

# cloudcensus national: every organisation's latest run read together
national-title = National view of cloud adoption and security
national-none = No organisation has a run in the history yet: each runs `cloudcensus scan --org ID --history URL`.
national-header = National view as of { $date }: { $counted } of { $total } { $total ->
    [one] organisation
   *[other] organisations
} counted in the national targets.
national-left-out = Left out: { $stale } stale (latest run more than { $days } { $days ->
    [one] day
   *[other] days
} old), { $missing } missing (no run), { $other } with a different policy pack.
national-pack = The majority's policy pack: { $digest }. Each target is the sum of the organisations' counts over the sum of what they measured, not an average of their percentages.
national-other-pack = { $org } ran a different policy pack ({ $digest }): its figures are not comparable and are not counted.
national-pack-unknown = not recorded
national-target-line = { $title }: { $value } ({ $measured }), goal { $goal } by { $deadline }: { $status }; lowest: { $worst }
section-national-targets = National targets
section-national-orgs = Organisations
section-national-worst = Lowest organisations per target
xlsx-sheet-national-targets = National targets
xlsx-sheet-national-orgs = Organisations
xlsx-sheet-national-worst = Lowest per target
col-org = Organisation
col-org-kind = Kind
col-last-run = Last run
col-pack = Policy pack
col-orgs-measured = Organisations
col-worst-orgs = Lowest values
national-status-fresh = fresh
national-status-stale = stale
national-status-missing = missing
national-pack-same = the majority's
national-pack-other = different, not comparable
org-kind-province = province
org-kind-city = city
org-kind-ministry = ministry
csv-last_run = last_run
csv-status = status
csv-policy_pack = policy_pack
csv-policy_digest = policy_digest
err-national-format = --output { $path }: cannot tell the national view's format from the file's name; add --format table, summary, json, csv, html or xlsx
trend-national = National values, night by night: each night's is the sum over every organisation's latest run as of that night (no older than { $days } { $days ->
    [one] day
   *[other] days
}, of the majority's policy pack).
