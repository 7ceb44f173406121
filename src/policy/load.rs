//! Policy files and the provider registry in, a [`PolicySet`] of compiled
//! rules out. A file whose top level is `providers:` is the registry;
//! every other YAML file in the policies folder is a policy. Without a
//! policies folder the pack built into the binary is read ([`pack`]).

use std::path::PathBuf;
use std::sync::Arc;

use cel::Program;

use super::compile::{CompileError, Scope, compile};
use super::model::{
    PolicyFile, PolicyText, Provider, ProvidersFile, Rule, Target, TargetUnit, Waiver,
};
use super::pack;
use crate::diagnostics::{Diagnostic, Diagnostics, Location, Message, did_you_mean};
use crate::fields::Id;
use crate::inventory::validate::defined_at;
use crate::probe::dns::ProviderSignature;
use crate::yaml::{SourceText, collect_yaml_files, parse_documents, read_source};

/// Every rule, target, waiver and provider, ready to evaluate.
#[derive(Default)]
pub struct PolicySet {
    pub policies: Vec<PolicyInfo>,
    pub rules: Vec<CompiledRule>,
    pub targets: Vec<CompiledTarget>,
    pub waivers: Vec<WaiverEntry>,
    pub providers: Vec<Provider>,
    /// Whether a provider registry was found at all.
    pub has_provider_registry: bool,
    /// SHA-256 over the policy files read, by their names below the
    /// folder given (see [`pack::digest`]).
    pub digest: String,
    /// How many policy and registry files were read.
    pub files: usize,
    /// Files on disk, or the built-in pack.
    pub origin: PolicyOrigin,
}

pub struct PolicyInfo {
    pub id: Id,
    pub title: PolicyText,
    pub file: PathBuf,
}

pub struct CompiledRule {
    pub rule: Rule,
    pub policy: Id,
    pub when: Option<Program>,
    pub check: Program,
    pub location: Location,
}

pub struct CompiledTarget {
    pub target: Target,
    pub measure: Measure,
    pub location: Location,
}

/// What a target counts.
pub enum Measure {
    /// The share of systems (or agencies) passing `rules[index]`.
    Rule(usize),
    /// Sum of `numerator` over sum of `denominator`, over the systems `when` selects.
    Ratio(Box<RatioPrograms>),
}

pub struct RatioPrograms {
    pub numerator: Program,
    pub denominator: Program,
    pub when: Option<Program>,
}

pub struct WaiverEntry {
    pub waiver: Waiver,
    pub location: Location,
}

impl PolicySet {
    /// What tells the registry's providers apart on the network, for the
    /// prober.
    pub fn provider_signatures(&self) -> Vec<ProviderSignature> {
        self.providers
            .iter()
            .map(|p| ProviderSignature {
                id: p.id.to_string(),
                ip_ranges: p.network.ip_ranges.clone(),
                cname_suffixes: p.network.cname_suffixes.clone(),
                reverse_dns_suffixes: p.network.reverse_dns_suffixes.clone(),
            })
            .collect()
    }

    pub fn provider(&self, id: &str) -> Option<&Provider> {
        self.providers.iter().find(|p| p.id.as_str() == id)
    }

    pub fn rule_index(&self, id: &str) -> Option<usize> {
        self.rules.iter().position(|r| r.rule.id.as_str() == id)
    }
}

/// Where a policy set came from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PolicyOrigin {
    /// Files and folders on disk (`--policies`, or `policies/`).
    #[default]
    Files,
    /// The pack compiled into the binary ([`pack`]).
    BuiltIn,
}

/// Reads and compiles every policy file under `paths`; with no `paths`,
/// those of `policies/` when that folder exists, else the built-in pack.
/// A path given that does not exist is an error, never a reason to fall
/// back.
pub fn load(paths: &[PathBuf], diagnostics: &mut Diagnostics) -> PolicySet {
    if paths.is_empty() {
        let folder = PathBuf::from(pack::DEFAULT_FOLDER);
        if folder.symlink_metadata().is_err() {
            return load_built_in(diagnostics);
        }
        return load(&[folder], diagnostics);
    }
    let mut sources = Vec::new();
    let mut names = Vec::new();
    for path in collect_yaml_files(paths, diagnostics) {
        match read_source(&path) {
            Ok(source) => {
                names.push(pack::name_below(&path, paths));
                sources.push(source);
            }
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    let mut set = compile_sources(sources, &names, diagnostics);
    set.origin = PolicyOrigin::Files;
    set
}

/// The pack compiled into the binary.
pub fn load_built_in(diagnostics: &mut Diagnostics) -> PolicySet {
    let sources = pack::sources();
    let names: Vec<PathBuf> = sources
        .iter()
        .map(|s| pack::name_below(&s.path, &[PathBuf::from(pack::BUILT_IN_FOLDER)]))
        .collect();
    let mut set = compile_sources(sources, &names, diagnostics);
    set.origin = PolicyOrigin::BuiltIn;
    set
}

/// Compiles policy and registry sources; `names` are their names for the
/// digest, in the same order.
pub(crate) fn compile_sources(
    sources: Vec<SourceText>,
    names: &[PathBuf],
    diagnostics: &mut Diagnostics,
) -> PolicySet {
    let mut set = PolicySet::default();
    let mut pending = Vec::new();
    let sources: Vec<Arc<SourceText>> = sources.into_iter().map(Arc::new).collect();
    for source in &sources {
        if is_provider_registry(source) {
            set.has_provider_registry = true;
            for document in parse_documents::<ProvidersFile>(source, diagnostics) {
                for provider in document.value.providers {
                    if set.provider(provider.id.as_str()).is_some() {
                        diagnostics.error(
                            source.locate_nth("id", provider.id.as_str(), 1),
                            Message::new("diag-duplicate-provider").arg("id", provider.id.as_str()),
                        );
                    } else {
                        set.providers.push(provider);
                    }
                }
            }
        } else {
            for document in parse_documents::<PolicyFile>(source, diagnostics) {
                pending.extend(add_policy(&mut set, document.value, source, diagnostics));
            }
        }
    }
    link_targets_and_waivers(&mut set, pending, diagnostics);
    let named: Vec<(PathBuf, &str)> = names
        .iter()
        .cloned()
        .zip(sources.iter().map(|s| s.text.as_str()))
        .collect();
    set.digest = pack::digest(&named);
    set.files = sources.len();
    set
}

fn is_provider_registry(source: &SourceText) -> bool {
    source
        .text
        .lines()
        .any(|line| line.starts_with("providers:"))
}

/// A target read but not yet linked: it may count a rule from a policy
/// file read later.
struct PendingTarget {
    target: Target,
    source: Arc<SourceText>,
}

/// Adds a policy's rules and waivers; returns its targets for linking.
fn add_policy(
    set: &mut PolicySet,
    file: PolicyFile,
    source: &Arc<SourceText>,
    diagnostics: &mut Diagnostics,
) -> Vec<PendingTarget> {
    set.policies.push(PolicyInfo {
        id: file.policy.id.clone(),
        title: file.policy.title.clone(),
        file: source.path.clone(),
    });
    for rule in file.rules {
        let location = source.locate_nth("id", rule.id.as_str(), 0);
        if let Some(existing) = set.rules.iter().find(|r| r.rule.id == rule.id) {
            diagnostics.push(
                Diagnostic::error(
                    location,
                    Message::new("diag-duplicate-rule").arg("id", rule.id.as_str()),
                )
                .with_hint(Some(defined_at(&existing.location))),
            );
            continue;
        }
        let scope = Scope::of(rule.each);
        let at_key = |key: &str| {
            let (line, column) = source.find_key(key, None, location.line);
            Location::new(&source.path, line, column)
        };
        let when = match rule.when.as_deref().map(|w| compile(w, scope)) {
            None => None,
            Some(Ok(program)) => Some(program),
            Some(Err(problem)) => {
                diagnostics.error(at_key("when"), rule_problem(&rule.id, "when", &problem));
                continue;
            }
        };
        let check = match compile(&rule.check, scope) {
            Ok(program) => program,
            Err(problem) => {
                diagnostics.error(at_key("check"), rule_problem(&rule.id, "check", &problem));
                continue;
            }
        };
        set.rules.push(CompiledRule {
            rule,
            policy: file.policy.id.clone(),
            when,
            check,
            location,
        });
    }
    for waiver in file.waivers {
        let (line, column) = source.find_key("system", Some(&waiver.system), 1);
        let location = Location::new(&source.path, line, column);
        set.waivers.push(WaiverEntry { waiver, location });
    }
    file.targets
        .into_iter()
        .map(|target| PendingTarget {
            target,
            source: Arc::clone(source),
        })
        .collect()
}

/// "rule ID: `KEY`: why the expression is refused"
fn rule_problem(rule: &Id, key: &str, problem: &CompileError) -> Message {
    Message::new("diag-rule-expression")
        .arg("rule", rule.as_str())
        .arg("key", key)
        .arg("problem", problem.message())
}

fn link_targets_and_waivers(
    set: &mut PolicySet,
    pending: Vec<PendingTarget>,
    diagnostics: &mut Diagnostics,
) {
    for PendingTarget { target, source } in pending {
        let location = source.locate_nth("id", target.id.as_str(), 0);
        let at_key = |key: &str| {
            let (line, column) = source.find_key(key, None, location.line);
            Location::new(&source.path, line, column)
        };
        if set.targets.iter().any(|t| t.target.id == target.id) {
            diagnostics.error(
                location,
                Message::new("diag-duplicate-target").arg("id", target.id.as_str()),
            );
            continue;
        }
        if target.agency_counts_when.is_some() && target.unit != TargetUnit::Agency {
            diagnostics.error(
                at_key("agency_counts_when"),
                Message::new("diag-quorum-needs-agency").arg("target", target.id.as_str()),
            );
            continue;
        }
        let measure = match (&target.rule, &target.ratio) {
            (Some(rule), None) => match set.rule_index(rule.as_str()) {
                Some(index) => Measure::Rule(index),
                None => {
                    let names = set.rules.iter().map(|r| r.rule.id.as_str());
                    diagnostics.push(
                        Diagnostic::error(
                            at_key("rule"),
                            Message::new("diag-target-unknown-rule")
                                .arg("target", target.id.as_str())
                                .arg("rule", rule.as_str()),
                        )
                        .with_hint(did_you_mean(rule.as_str(), names).map(Message::did_you_mean)),
                    );
                    continue;
                }
            },
            (None, Some(ratio)) => {
                let compiled = (|| {
                    let when = ratio
                        .when
                        .as_deref()
                        .map(|w| compile(w, Scope::System).map_err(|e| ("when", e)))
                        .transpose()?;
                    let numerator =
                        compile(&ratio.numerator, Scope::System).map_err(|e| ("numerator", e))?;
                    let denominator = compile(&ratio.denominator, Scope::System)
                        .map_err(|e| ("denominator", e))?;
                    Ok::<_, (&str, CompileError)>(Measure::Ratio(Box::new(RatioPrograms {
                        numerator,
                        denominator,
                        when,
                    })))
                })();
                match compiled {
                    Ok(measure) => measure,
                    Err((key, problem)) => {
                        diagnostics.error(
                            at_key(key),
                            Message::new("diag-target-expression")
                                .arg("target", target.id.as_str())
                                .arg("key", key)
                                .arg("problem", problem.message()),
                        );
                        continue;
                    }
                }
            }
            _ => {
                diagnostics.error(
                    location,
                    Message::new("diag-target-rule-or-ratio").arg("target", target.id.as_str()),
                );
                continue;
            }
        };
        set.targets.push(CompiledTarget {
            target,
            measure,
            location,
        });
    }

    for entry in &set.waivers {
        if set.rule_index(entry.waiver.rule.as_str()).is_none() {
            let names = set.rules.iter().map(|r| r.rule.id.as_str());
            diagnostics.push(
                Diagnostic::error(
                    entry.location.clone(),
                    Message::new("diag-waiver-unknown-rule")
                        .arg("rule", entry.waiver.rule.as_str()),
                )
                .with_hint(
                    did_you_mean(entry.waiver.rule.as_str(), names).map(Message::did_you_mean),
                ),
            );
        }
        if !entry.waiver.system.contains('/') {
            diagnostics.push(
                Diagnostic::error(
                    entry.location.clone(),
                    Message::new("diag-waiver-system").arg("system", &entry.waiver.system),
                )
                .with_hint(Some(Message::new("diag-hint-waiver-system"))),
            );
        }
    }
}
