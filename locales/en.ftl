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
row-all = all

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
mail-sent = Mail sent to { $to }.

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
html-waiver-expired = expired
html-waiver-orphan = matches nothing
html-footer = Made by cloudcensus { $version } with data as of { $date }. This page is self-contained: it loads nothing from the network.

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

status-no-progress = no progress

html-trend = Value over the recorded scans
html-reached-by = At the current pace the goal is reached around { $date }.

marker-new = new

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
html-new-systems = { $count } new
# --- end of issue 12, item 8 ----------------------------------------------
