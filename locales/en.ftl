# English labels of the reports. Every message has a Vietnamese twin in
# vi.ftl; a unit test checks that both files hold the same message ids.

header = cloudcensus { $version } — as of { $date } ({ $mode }): { $agencies } agencies, { $systems } systems
header-retired = (+{ $retired } retired, not counted)
header-retiring = ({ $retiring } being retired, left out of the share on cloud)
mode-online = online
mode-offline = offline

probed = Probed { $endpoints } endpoints in { $seconds } s: { $answered } answered
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

summary-header = cloudcensus { $version } scan as of { $date } ({ $mode }): { $agencies } agencies, { $systems } systems
summary-targets = Targets:
summary-target = { $value } (goal { $goal } by { $deadline })
summary-failing = Failing findings: { $count } ({ $severities })
summary-agencies = Agencies with failing findings: { $count }
summary-more = and { $count } more
summary-errors = { $count } rule results are errors:
summary-reports = Reports: { $list }

mail-subject = [cloudcensus] { $cloud } of systems on cloud, { $agencies } agencies with failures
mail-sent = Mail sent to { $to } ({ $size } KiB).

html-title = Cloud adoption and security census
html-chart-title = Compliance by agency, lowest first
html-compliance-note = Share of decided checks that pass or are waived.
html-gauge-goal = goal { $goal }
html-probe-facts = Endpoint checks
html-no-probes = Endpoints were not checked online in this scan.
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
changes-waived = { $count } failing before are waived now (excused, not fixed).
changes-undecided = { $count } failing before are unknown now (not counted as fixed).
changes-rules-count = { $count } rules
changes-policy = The rules changed since that scan ({ $rules }): { $came } failing findings came and { $went } went with them, not counted as new or fixed.
changes-policy-texts = The policy files changed since that scan; no rule's condition changed.
changes-inventory = The inventory files changed since that scan; { $went } failing findings went with systems no longer listed (not counted as fixed).
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
probe-cert-valid = valid; { $days } days left
probe-cert-problem = { $problem }: { $reason }; { $days } days left
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
runs-line = as of { $date }  { $mode }  { $agencies } agencies, { $systems } systems, { $on_cloud } on cloud, { $failing } failing, compliance { $compliance }

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

# --- TLS versions and certificate strength (issue 13) --------------------
# Kept together at the end of the file to ease merging.
probe-tls-versions = TLS versions
probe-tls-legacy-only = legacy TLS only
probe-cert-key = Key
html-probe-tls-versions = TLS versions accepted
html-cert-weak-key = key too weak
html-cert-weak-signature = weak signature (SHA-1 or MD5)
# --- end of issue 13 ------------------------------------------------------
