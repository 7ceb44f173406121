//! Compiling CEL expressions once, at load time, with every check that can
//! be made before any system is seen: size limits that keep the parser
//! within its stack, unknown variables, misspelt fields, and variables a
//! rule of its kind cannot use.

use std::sync::{Arc, LazyLock};

use cel::common::ast::{EntryExpr, Expr, IdedExpr};
use cel::{Env, Program};

use super::variables::{Shape, VARIABLES};
use crate::diagnostics::did_you_mean;

/// Longest expression accepted. The default pack's longest is a few hundred
/// characters; the cap keeps hostile input far from the parser's limits.
pub const MAX_EXPRESSION_CHARS: usize = 4096;

/// Most binary operators in one expression. A chain of about 2,000 overflows
/// the stack of a 2 MiB thread in the `cel` parser, which cannot be caught.
pub const MAX_OPERATORS: usize = 256;

/// Deepest bracket nesting accepted, for the same reason.
pub const MAX_NESTING: usize = 64;

/// The shared CEL environment: the standard library, built once.
pub static ENV: LazyLock<Arc<Env>> = LazyLock::new(|| Arc::new(Env::stdlib()));

/// Where an expression is used, which decides the variables it may read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    System,
    Endpoint,
}

/// Compiles one expression or explains, in one sentence, why it cannot be.
pub fn compile(source: &str, scope: Scope) -> Result<Program, String> {
    check_size(source)?;
    let program = std::panic::catch_unwind(|| ENV.compile(source))
        .map_err(|_| "the CEL parser failed on this expression".to_string())?
        .map_err(|errors| {
            let first = errors.errors.first();
            match first {
                Some(e) => format!("CEL syntax error: {}", e.msg),
                None => "CEL syntax error".to_string(),
            }
        })?;
    let mut problems = Vec::new();
    check_references(program.expression(), scope, &mut Vec::new(), &mut problems);
    match problems.into_iter().next() {
        Some(problem) => Err(problem),
        None => Ok(program),
    }
}

fn check_size(source: &str) -> Result<(), String> {
    if source.trim().is_empty() {
        return Err("the expression is empty".into());
    }
    let chars = source.chars().count();
    if chars > MAX_EXPRESSION_CHARS {
        return Err(format!(
            "the expression has {chars} characters; the limit is {MAX_EXPRESSION_CHARS}: split the rule"
        ));
    }
    let bytes = source.as_bytes();
    let mut operators = 0;
    let mut depth = 0usize;
    let mut max_depth = 0usize;
    let mut quote: Option<u8> = None;
    for (i, &b) in bytes.iter().enumerate() {
        if let Some(q) = quote {
            if b == q && bytes.get(i.wrapping_sub(1)) != Some(&b'\\') {
                quote = None;
            }
            continue;
        }
        match b {
            b'\'' | b'"' => quote = Some(b),
            b'(' | b'[' | b'{' => {
                depth += 1;
                max_depth = max_depth.max(depth);
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            b'+' | b'-' | b'*' | b'/' | b'%' | b'<' | b'>' | b'?' => operators += 1,
            b'&' | b'|' | b'=' | b'!' if bytes.get(i + 1) == Some(&b) || b == b'!' => {
                operators += 1
            }
            _ => {}
        }
    }
    if operators > MAX_OPERATORS {
        return Err(format!(
            "the expression has {operators} operators; the limit is {MAX_OPERATORS}: split the rule"
        ));
    }
    if max_depth > MAX_NESTING {
        return Err(format!(
            "the expression nests {max_depth} brackets deep; the limit is {MAX_NESTING}"
        ));
    }
    Ok(())
}

/// Walks the expression, checking every variable and every field path that
/// starts at one of the rule variables. Comprehension variables (`e` in
/// `system.endpoints.all(e, ...)`) are in scope inside their macro only.
fn check_references(
    expr: &IdedExpr,
    scope: Scope,
    locals: &mut Vec<String>,
    problems: &mut Vec<String>,
) {
    match &expr.expr {
        Expr::Ident(name) => check_path(name, &[], scope, locals, problems),
        Expr::Select(select) => {
            let mut fields = vec![select.field.as_str()];
            let mut operand = &select.operand;
            loop {
                match &operand.expr {
                    Expr::Select(inner) => {
                        fields.push(inner.field.as_str());
                        operand = &inner.operand;
                    }
                    Expr::Ident(root) => {
                        fields.reverse();
                        check_path(root, &fields, scope, locals, problems);
                        return;
                    }
                    _ => {
                        check_references(operand, scope, locals, problems);
                        return;
                    }
                }
            }
        }
        Expr::Call(call) => {
            if let Some(target) = &call.target {
                check_references(target, scope, locals, problems);
            }
            for arg in &call.args {
                check_references(arg, scope, locals, problems);
            }
        }
        Expr::Comprehension(comprehension) => {
            check_references(&comprehension.iter_range, scope, locals, problems);
            check_references(&comprehension.accu_init, scope, locals, problems);
            let pushed = 2 + usize::from(comprehension.iter_var2.is_some());
            locals.push(comprehension.iter_var.clone());
            locals.push(comprehension.accu_var.clone());
            locals.extend(comprehension.iter_var2.clone());
            check_references(&comprehension.loop_cond, scope, locals, problems);
            check_references(&comprehension.loop_step, scope, locals, problems);
            check_references(&comprehension.result, scope, locals, problems);
            locals.truncate(locals.len() - pushed);
        }
        Expr::List(items) => {
            for item in &items.elements {
                check_references(item, scope, locals, problems);
            }
        }
        Expr::Map(map) => {
            for entry in &map.entries {
                if let EntryExpr::MapEntry(entry) = &entry.expr {
                    check_references(&entry.key, scope, locals, problems);
                    check_references(&entry.value, scope, locals, problems);
                }
            }
        }
        Expr::Struct(_) | Expr::Literal(_) | Expr::Unspecified => {}
    }
}

fn check_path(
    root: &str,
    fields: &[&str],
    scope: Scope,
    locals: &[String],
    problems: &mut Vec<String>,
) {
    if locals.iter().any(|local| local == root) {
        return;
    }
    let Some((_, shape, endpoint_only)) = VARIABLES.iter().find(|(name, _, _)| *name == root)
    else {
        let names = VARIABLES.iter().map(|(name, _, _)| *name);
        let hint = match did_you_mean(root, names.clone()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("the variables are {}", names.collect::<Vec<_>>().join(", ")),
        };
        problems.push(format!("unknown variable `{root}`: {hint}"));
        return;
    };
    if *endpoint_only && scope == Scope::System {
        problems.push(format!(
            "`{root}` exists only in rules with `each: endpoint`"
        ));
        return;
    }
    let mut shape = shape;
    let mut path = root.to_string();
    for field in fields {
        match shape {
            Shape::Leaf => {
                problems.push(format!("`{path}` has no field `{field}`"));
                return;
            }
            Shape::Map(known) => match known.iter().find(|(name, _)| name == field) {
                Some((_, inner)) => shape = inner,
                None => {
                    let hint = match did_you_mean(field, known.iter().map(|(name, _)| *name)) {
                        Some(best) => format!("did you mean `{path}.{best}`?"),
                        None => format!(
                            "its fields are {}",
                            known.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
                        ),
                    };
                    problems.push(format!("unknown field `{path}.{field}`: {hint}"));
                    return;
                }
            },
        }
        path.push('.');
        path.push_str(field);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_documented_variables() {
        assert!(
            compile(
                "system.hosting.model in ['gov-cloud', 'saas']",
                Scope::System
            )
            .is_ok()
        );
        assert!(
            compile(
                "!has(system.migration) || system.migration.status != 'blocked'",
                Scope::System
            )
            .is_ok()
        );
        assert!(
            compile(
                "system.endpoints.all(e, e.scheme == 'https')",
                Scope::System
            )
            .is_ok()
        );
        assert!(compile("probe.cert.days_left >= 30", Scope::Endpoint).is_ok());
        assert!(compile("has(provider.domestic) && provider.domestic", Scope::System).is_ok());
    }

    #[test]
    fn rejects_misspelt_fields_with_a_suggestion() {
        let error = compile("system.hostng.model == 'saas'", Scope::System).unwrap_err();
        assert_eq!(
            error,
            "unknown field `system.hostng`: did you mean `system.hosting`?"
        );
        let error = compile("sytem.id == 'x'", Scope::System).unwrap_err();
        assert!(error.contains("did you mean `system`"), "{error}");
        let error = compile("system.name.first == 'x'", Scope::System).unwrap_err();
        assert_eq!(error, "`system.name` has no field `first`");
    }

    #[test]
    fn endpoint_variables_need_an_endpoint_rule() {
        let error = compile("probe.reachable", Scope::System).unwrap_err();
        assert!(error.contains("each: endpoint"), "{error}");
    }

    #[test]
    fn hostile_expressions_are_refused_before_parsing() {
        let long_chain = (0..2000)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(" + ");
        assert!(
            compile(&long_chain, Scope::System)
                .unwrap_err()
                .contains("limit")
        );
        let deep = format!("{}1{}", "(".repeat(10_000), ")".repeat(10_000));
        assert!(compile(&deep, Scope::System).unwrap_err().contains("limit"));
        assert!(compile("", Scope::System).is_err());
        assert!(
            compile("system.id ==", Scope::System)
                .unwrap_err()
                .starts_with("CEL syntax error")
        );
    }
}
