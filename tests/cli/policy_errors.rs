//! Policy mistakes: CEL syntax, misspelt fields, dangling references. Each
//! names the file, the line of the offending key and the rule or target.

use crate::common::{GOOD_POLICY, Project, assert_holds, code_and_stderr};

fn assert_policy_error(policy: &str, needles: &[&str]) {
    let project = Project::good().file("policies/test.yaml", policy);
    let (code, stderr) = project.validate();
    assert_eq!(code, 2, "{stderr}");
    for needle in needles {
        assert!(stderr.contains(needle), "missing {needle:?} in:\n{stderr}");
    }
}

#[test]
fn cel_syntax_error_names_rule_and_line() {
    let policy = GOOD_POLICY.replace(
        "check: system.hosting.model in",
        "check: system.hosting.model in in",
    );
    assert_policy_error(
        &policy,
        &["policies/test.yaml:8:5: error: rule CLOUD-001: `check`: CEL syntax error"],
    );
}

#[test]
fn misspelt_field_is_caught_at_load_time() {
    let policy = GOOD_POLICY.replace("check: system.hosting.model", "check: system.hostng.model");
    assert_policy_error(
        &policy,
        &[
            "policies/test.yaml:8:5: error: rule CLOUD-001: `check`: unknown field `system.hostng`: did you mean `system.hosting`?",
        ],
    );
}

#[test]
fn probe_in_a_system_rule_is_refused() {
    let policy = GOOD_POLICY.replace("    each: endpoint\n", "");
    assert_policy_error(
        &policy,
        &[
            "policies/test.yaml:12:5: error: rule TLS-003: `when`:",
            "each: endpoint",
        ],
    );
}

#[test]
fn target_naming_an_unknown_rule_suggests_one() {
    let policy = GOOD_POLICY.replace("rule: CLOUD-001", "rule: CLOUD-01");
    assert_policy_error(
        &policy,
        &[
            "policies/test.yaml:18:5: error: target cloud: unknown rule `CLOUD-01`",
            "did you mean `CLOUD-001`?",
        ],
    );
}

#[test]
fn target_needs_exactly_one_measure() {
    let policy = GOOD_POLICY.replace("    rule: CLOUD-001\n    goal: 50%", "    goal: 50%");
    assert_policy_error(
        &policy,
        &["target cloud: give exactly one of `rule` or `ratio`"],
    );
}

#[test]
fn bad_goal_is_explained() {
    let policy = GOOD_POLICY.replace("goal: 50%", "goal: half");
    assert_policy_error(
        &policy,
        &[
            "policies/test.yaml:19:11: error:",
            "invalid percentage `half`",
        ],
    );
}

#[test]
fn duplicate_rule_ids_are_refused() {
    let policy = GOOD_POLICY.replace("id: TLS-003", "id: CLOUD-001");
    assert_policy_error(&policy, &["duplicate rule id `CLOUD-001`"]);
}

#[test]
fn waiver_for_an_unknown_rule_is_an_error() {
    let policy = format!(
        "{GOOD_POLICY}waivers:\n  - rule: CLOUD-002\n    system: so-a/records\n    reason: test\n    expires: 2030-01-01\n"
    );
    assert_policy_error(
        &policy,
        &[
            "policies/test.yaml:",
            "waiver for unknown rule `CLOUD-002`",
            "did you mean `CLOUD-001`?",
        ],
    );
}

#[test]
fn oversized_expression_is_refused_without_crashing() {
    let chain = (0..3000)
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(" + ");
    let policy = GOOD_POLICY.replace(
        "check: system.hosting.model in ['private-cloud', 'gov-cloud', 'public-cloud', 'saas']",
        &format!("check: {chain} > 0"),
    );
    assert_policy_error(
        &policy,
        &["rule CLOUD-001: `check`: the expression has", "limit"],
    );
}

/// `--lang vi`: our sentence around a CEL problem is Vietnamese; the
/// parser's own words stay as they are.
#[test]
fn issue_12_policy_errors_in_vietnamese() {
    let policy = GOOD_POLICY
        .replace("check: system.hosting.model", "check: sytem.hosting.model")
        .replace(
            "when: endpoint.scheme == 'https'",
            "when: endpoint.scheme == == 'https'",
        )
        .replace("rule: CLOUD-001", "rule: CLOUD-01");
    let project = Project::good().file("policies/test.yaml", policy);
    let (code, stderr) = code_and_stderr(project.cmd(&["validate", "--lang", "vi"]));
    assert_eq!(code, 2, "{stderr}");
    assert_holds(
        &stderr,
        &[
            "policies/test.yaml:8:5: lỗi: quy tắc CLOUD-001: `check`: không có biến `sytem`: có thể là `system`?",
            "policies/test.yaml:13:5: lỗi: quy tắc TLS-003: `when`: lỗi cú pháp CEL (thông báo của bộ phân tích): ",
            "lỗi: chỉ tiêu cloud: không có quy tắc `CLOUD-01`",
            "3 lỗi, 0 cảnh báo",
        ],
    );
}
