//! Compiling CEL expressions once, at load time, with every check that can
//! be made before any system is seen: size limits that keep the parser
//! within its stack, unknown variables, misspelt fields, and variables a
//! rule of its kind cannot use.
//!
//! Why an expression is refused is a [`CompileError`], whose message is the
//! one sentence the policy loader puts after the rule's location.

use std::sync::{Arc, LazyLock};

use cel::common::ast::{EntryExpr, Expr, IdedExpr};
use cel::{Env, Program};

use super::variables::{Shape, VARIABLES};
use crate::diagnostics::{Message, did_you_mean};

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

/// Why an expression cannot be compiled. Hints name the closest known
/// name, or list the known ones. Its words are [`CompileError::message`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompileError {
    Empty,
    TooLong {
        chars: usize,
    },
    TooManyOperators {
        operators: usize,
    },
    TooDeep {
        depth: usize,
    },
    /// The `cel` parser panicked (caught): a bug of the parser.
    ParserPanicked,
    /// The parser's first complaint, when it gave one, in its own words.
    Syntax(Option<String>),
    UnknownVariable {
        name: String,
        hint: Message,
    },
    /// A variable the rule's kind does not have (`probe` in a system
    /// rule, `system` in a domain rule); `scopes` are the kinds that do.
    NotInScope {
        name: String,
        scopes: &'static [Scope],
    },
    /// A field asked of a value that has none (a string, a number).
    NoFields {
        path: String,
        field: String,
    },
    UnknownField {
        path: String,
        field: String,
        hint: Message,
    },
}

impl CompileError {
    /// The one sentence saying why, for the reader's language.
    pub fn message(&self) -> Message {
        match self {
            CompileError::Empty => Message::new("diag-cel-empty"),
            CompileError::TooLong { chars } => Message::new("diag-cel-too-long")
                .arg("chars", *chars)
                .arg("limit", MAX_EXPRESSION_CHARS),
            CompileError::TooManyOperators { operators } => {
                Message::new("diag-cel-too-many-operators")
                    .arg("operators", *operators)
                    .arg("limit", MAX_OPERATORS)
            }
            CompileError::TooDeep { depth } => Message::new("diag-cel-too-deep")
                .arg("depth", *depth)
                .arg("limit", MAX_NESTING),
            CompileError::ParserPanicked => Message::new("diag-cel-parser-failed"),
            CompileError::Syntax(None) => Message::new("diag-cel-syntax"),
            CompileError::Syntax(Some(text)) => {
                Message::new("diag-cel-syntax-detail").arg("detail", Message::verbatim(text))
            }
            CompileError::UnknownVariable { name, hint } => {
                Message::new("diag-cel-unknown-variable")
                    .arg("name", name)
                    .arg("hint", hint.clone())
            }
            CompileError::NotInScope { name, scopes } => match scopes {
                [Scope::Endpoint] => Message::new("diag-cel-endpoint-only").arg("name", name),
                _ => Message::new("diag-cel-scope-only").arg("name", name).arg(
                    "scopes",
                    scopes
                        .iter()
                        .map(|s| s.each().as_str())
                        .collect::<Vec<_>>()
                        .join(" | "),
                ),
            },
            CompileError::NoFields { path, field } => Message::new("diag-cel-no-fields")
                .arg("path", path)
                .arg("field", field),
            CompileError::UnknownField { path, field, hint } => {
                Message::new("diag-cel-unknown-field")
                    .arg("path", path)
                    .arg("field", field)
                    .arg("hint", hint.clone())
            }
        }
    }
}

impl std::fmt::Display for CompileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message().english())
    }
}

impl std::error::Error for CompileError {}

/// Where an expression is used, which decides the variables it may read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    System,
    Endpoint,
    Domain,
}

impl Scope {
    /// The scope of a rule's expressions.
    pub fn of(each: crate::scan::Each) -> Self {
        match each {
            crate::scan::Each::System => Scope::System,
            crate::scan::Each::Endpoint => Scope::Endpoint,
            crate::scan::Each::Domain => Scope::Domain,
        }
    }

    /// The `each:` word of rules with this scope.
    pub fn each(self) -> crate::scan::Each {
        match self {
            Scope::System => crate::scan::Each::System,
            Scope::Endpoint => crate::scan::Each::Endpoint,
            Scope::Domain => crate::scan::Each::Domain,
        }
    }
}

/// Compiles one expression or explains, in one sentence, why it cannot be.
pub fn compile(source: &str, scope: Scope) -> Result<Program, CompileError> {
    check_size(source)?;
    let program = crate::panics::caught_quietly(|| ENV.compile(source))
        .map_err(|_| CompileError::ParserPanicked)?
        .map_err(|errors| CompileError::Syntax(errors.errors.first().map(|e| e.msg.clone())))?;
    let mut problems = Vec::new();
    check_references(program.expression(), scope, &mut Vec::new(), &mut problems);
    match problems.into_iter().next() {
        Some(problem) => Err(problem),
        None => Ok(program),
    }
}

fn check_size(source: &str) -> Result<(), CompileError> {
    if source.trim().is_empty() {
        return Err(CompileError::Empty);
    }
    let chars = source.chars().count();
    if chars > MAX_EXPRESSION_CHARS {
        return Err(CompileError::TooLong { chars });
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
        return Err(CompileError::TooManyOperators { operators });
    }
    if max_depth > MAX_NESTING {
        return Err(CompileError::TooDeep { depth: max_depth });
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
    problems: &mut Vec<CompileError>,
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
    problems: &mut Vec<CompileError>,
) {
    if locals.iter().any(|local| local == root) {
        return;
    }
    let Some((_, shape, scopes)) = VARIABLES.iter().find(|(name, _, _)| *name == root) else {
        let names = VARIABLES.iter().map(|(name, _, _)| *name);
        let hint = match did_you_mean(root, names.clone()) {
            Some(best) => Message::did_you_mean(best),
            None => Message::new("diag-cel-hint-variables")
                .arg("names", names.collect::<Vec<_>>().join(", ")),
        };
        problems.push(CompileError::UnknownVariable {
            name: root.to_string(),
            hint,
        });
        return;
    };
    if !scopes.contains(&scope) {
        problems.push(CompileError::NotInScope {
            name: root.to_string(),
            scopes,
        });
        return;
    }
    let mut shape = shape;
    let mut path = root.to_string();
    for field in fields {
        match shape {
            Shape::Leaf => {
                problems.push(CompileError::NoFields {
                    path,
                    field: field.to_string(),
                });
                return;
            }
            Shape::Map(known) => match known.iter().find(|(name, _)| name == field) {
                Some((_, inner)) => shape = inner,
                None => {
                    let hint = match did_you_mean(field, known.iter().map(|(name, _)| *name)) {
                        Some(best) => Message::did_you_mean(format!("{path}.{best}")),
                        None => Message::new("diag-cel-hint-fields").arg(
                            "names",
                            known.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", "),
                        ),
                    };
                    problems.push(CompileError::UnknownField {
                        path,
                        field: field.to_string(),
                        hint,
                    });
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

    /// A domain rule sees `agency`, `domain`, `mail` and `today`; the
    /// system variables are not its, nor `mail` a system rule's.
    #[test]
    fn domain_rules_have_their_own_variables() {
        assert!(
            compile(
                "mail.dmarc.compliant && domain.name.endsWith(agency.id)",
                Scope::Domain
            )
            .is_ok()
        );
        let error = compile("system.id == 'x'", Scope::Domain).unwrap_err();
        assert_eq!(
            error.to_string(),
            "`system` exists only in rules with `each: system | endpoint`"
        );
        let error = compile("probe.reachable", Scope::Domain).unwrap_err();
        assert_eq!(
            error.to_string(),
            "`probe` exists only in rules with `each: endpoint`"
        );
        let error = compile("mail.spf.valid", Scope::Endpoint).unwrap_err();
        assert_eq!(
            error.to_string(),
            "`mail` exists only in rules with `each: domain`"
        );
        let error = compile("mail.dmarc.polcy == 'reject'", Scope::Domain).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("unknown field `mail.dmarc.polcy`"),
            "{error}"
        );
    }

    #[test]
    fn rejects_misspelt_fields_with_a_suggestion() {
        let error = compile("system.hostng.model == 'saas'", Scope::System).unwrap_err();
        assert_eq!(
            error.to_string(),
            "unknown field `system.hostng`: did you mean `system.hosting`?"
        );
        let error = compile("sytem.id == 'x'", Scope::System).unwrap_err();
        assert!(
            matches!(&error, CompileError::UnknownVariable { name, .. } if name == "sytem"),
            "{error:?}"
        );
        assert!(
            error.to_string().contains("did you mean `system`"),
            "{error}"
        );
        let error = compile("system.name.first == 'x'", Scope::System).unwrap_err();
        assert_eq!(error.to_string(), "`system.name` has no field `first`");
    }

    #[test]
    fn endpoint_variables_need_an_endpoint_rule() {
        let error = compile("probe.reachable", Scope::System).unwrap_err();
        assert_eq!(
            error.to_string(),
            "`probe` exists only in rules with `each: endpoint`"
        );
    }

    #[test]
    fn hostile_expressions_are_refused_before_parsing() {
        // What once overflowed the parser's stack never reaches it.
        let long_chain = (0..2000)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(" + ");
        let deep = format!("{}1{}", "(".repeat(10_000), ")".repeat(10_000));
        let short_chain = (0..300)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join("+");
        let nested = format!("{}1{}", "(".repeat(100), ")".repeat(100));
        let cases: &[(&str, CompileError, &str)] = &[
            (
                &long_chain,
                CompileError::TooLong { chars: 12_887 },
                "the expression has 12887 characters; the limit is 4096: split the rule",
            ),
            (
                &deep,
                CompileError::TooLong { chars: 20_001 },
                "the expression has 20001 characters; the limit is 4096: split the rule",
            ),
            (
                &short_chain,
                CompileError::TooManyOperators { operators: 299 },
                "the expression has 299 operators; the limit is 256: split the rule",
            ),
            (
                &nested,
                CompileError::TooDeep { depth: 100 },
                "the expression nests 100 brackets deep; the limit is 64",
            ),
            ("", CompileError::Empty, "the expression is empty"),
            (" \n", CompileError::Empty, "the expression is empty"),
        ];
        for (source, expected, text) in cases {
            let error = compile(source, Scope::System).unwrap_err();
            assert_eq!(&error, expected, "{source:.40}");
            assert_eq!(error.to_string(), *text);
        }
        let error = compile("system.id ==", Scope::System).unwrap_err();
        assert!(matches!(error, CompileError::Syntax(_)), "{error:?}");
        assert!(error.to_string().starts_with("CEL syntax error"), "{error}");
        assert_eq!(
            CompileError::Syntax(None).to_string(),
            "CEL syntax error",
            "no detail, no colon"
        );
    }
}
