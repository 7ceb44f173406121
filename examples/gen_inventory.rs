//! Synthetic inventory generator for benchmarking `cloudcensus`.
//!
//! Writes `DIR/agency-0001.yaml`, `DIR/agency-0002.yaml`, ... — one agency per
//! file, with the requested number of systems spread evenly over the agencies
//! (the first `systems % agencies` agencies get one extra). The output follows
//! the inventory format in `src/inventory/model.rs` exactly (only known keys,
//! kebab-case enum values, valid ids, dates and URLs), and exercises most of
//! its fields so that parsing and checking cost is representative: about
//! 280 bytes of YAML per system on average (names in Vietnamese with
//! diacritics; ~60% of systems on a cloud model; migration entries for about
//! half, public-service counts for ~30%, 0–3 endpoints, some flow-style
//! mappings). 100,000 systems are about 27 MiB and take well under a second.
//!
//! The program uses only `std` and a small deterministic PRNG (splitmix64),
//! so the same arguments always produce byte-identical files.
//!
//! # Usage
//!
//! ```text
//! cargo run --release --example gen_inventory -- [--agencies N] [--systems N] [--seed N] DIR
//! ```
//!
//! * `--agencies N` — number of agencies, one file each (default 10, at least 1)
//! * `--systems N`  — total number of systems over all agencies (default 1000)
//! * `--seed N`     — PRNG seed (default 42)
//! * `DIR`          — output directory, created if missing; existing
//!   `agency-*.yaml` files with the same names are overwritten, but other
//!   files are left alone, so generate into a fresh (or emptied) directory
//!
//! It prints one summary line: files written, systems, total bytes, time.
//!
//! # Benchmark procedure
//!
//! Build the CLI first, generate the data once, then time the two commands
//! that read it (`bench-data/` is git-ignored). `validate` measures reading
//! and checking the inventories; `scan --offline` adds policy evaluation and
//! report rendering, without network probes:
//!
//! ```text
//! cargo build --release
//! cargo run --release --example gen_inventory -- --agencies 1000 --systems 100000 bench-data/100k
//! /usr/bin/time -v target/release/cloudcensus validate bench-data/100k --policies policies
//! /usr/bin/time -v target/release/cloudcensus scan --offline bench-data/100k --policies policies --format json --output /dev/null
//! ```
//!
//! Read "Elapsed (wall clock) time" and "Maximum resident set size" from the
//! `time -v` output. Run each command a few times and keep the best (the first
//! run also warms the page cache). For scaling curves, generate other sizes
//! (e.g. `--systems 10000`, `--systems 1000000`) into separate directories,
//! keeping `--seed` fixed so results stay comparable between runs and machines.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "\
usage: gen_inventory [--agencies N] [--systems N] [--seed N] DIR

Writes synthetic cloudcensus inventories DIR/agency-0001.yaml ... with the
systems spread evenly over the agencies.

options:
  --agencies N   number of agencies / files (default 10, at least 1)
  --systems N    total number of systems (default 1000)
  --seed N       PRNG seed for reproducible output (default 42)
  -h, --help     print this message";

struct Args {
    agencies: u64,
    systems: u64,
    seed: u64,
    dir: PathBuf,
}

fn parse_args() -> Result<Args, String> {
    let mut agencies = 10u64;
    let mut systems = 1000u64;
    let mut seed = 42u64;
    let mut dir: Option<PathBuf> = None;
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        let Some(text) = arg.to_str() else {
            if dir.is_some() {
                return Err("more than one output directory given".into());
            }
            dir = Some(PathBuf::from(arg));
            continue;
        };
        // Accept both `--flag N` and `--flag=N`.
        let (flag, inline) = match text.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_owned(), Some(v.to_owned())),
            _ => (text.to_owned(), None),
        };
        let target = match flag.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            "--agencies" => &mut agencies,
            "--systems" => &mut systems,
            "--seed" => &mut seed,
            "--" => continue,
            f if f.starts_with('-') && f.len() > 1 => {
                return Err(format!("unknown option `{f}`"));
            }
            _ => {
                if dir.is_some() {
                    return Err("more than one output directory given".into());
                }
                dir = Some(PathBuf::from(text));
                continue;
            }
        };
        let value = match inline {
            Some(v) => v,
            None => args
                .next()
                .and_then(|v| v.into_string().ok())
                .ok_or_else(|| format!("`{flag}` needs a number"))?,
        };
        *target = value
            .trim()
            .parse()
            .map_err(|_| format!("`{flag}` needs a non-negative integer, got `{value}`"))?;
    }
    if agencies == 0 {
        return Err("`--agencies` must be at least 1".into());
    }
    let dir = dir.ok_or("missing output directory DIR")?;
    Ok(Args {
        agencies,
        systems,
        seed,
        dir,
    })
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(msg) => {
            eprintln!("gen_inventory: {msg}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_inventory: {}: {e}", args.dir.display());
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> io::Result<()> {
    let start = Instant::now();
    fs::create_dir_all(&args.dir)?;
    let width = args.agencies.to_string().len().max(4);
    let mut rng = Rng::new(args.seed);
    let mut generator = Generator {
        width,
        departments: Vec::new(),
    };
    let base = args.systems / args.agencies;
    let extra = args.systems % args.agencies;
    let mut bytes = 0u64;
    for index in 1..=args.agencies {
        let count = base + u64::from(index <= extra);
        let path = args.dir.join(format!("agency-{index:0width$}.yaml"));
        bytes += generator.write_file(&path, index, count, &mut rng)?;
    }
    println!(
        "gen_inventory: wrote {} files, {} systems, {} bytes ({:.1} MiB, {:.0} bytes/system) to {} in {:.2?}",
        args.agencies,
        args.systems,
        bytes,
        bytes as f64 / (1024.0 * 1024.0),
        if args.systems > 0 {
            bytes as f64 / args.systems as f64
        } else {
            0.0
        },
        args.dir.display(),
        start.elapsed()
    );
    Ok(())
}

// ---------------------------------------------------------------------------
// PRNG

/// splitmix64: tiny, fast and good enough for synthetic data.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0); the tiny modulo bias is irrelevant here.
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// Picks from `(item, weight)` pairs.
    fn weighted<'a, T>(&mut self, items: &'a [(T, u64)]) -> &'a T {
        let total: u64 = items.iter().map(|(_, w)| w).sum();
        let mut roll = self.below(total);
        for (item, w) in items {
            if roll < *w {
                return item;
            }
            roll -= w;
        }
        &items[items.len() - 1].0
    }

    /// A valid `YYYY-MM-DD` date between the given years (days 1–28 only).
    /// Fixed ranges (not the clock) keep output reproducible; dates of past
    /// events stay at or before 2025 so they are in the past when generated.
    fn date(&mut self, from_year: u64, to_year: u64) -> String {
        format!(
            "{}-{:02}-{:02}",
            self.range(from_year, to_year),
            self.range(1, 12),
            self.range(1, 28)
        )
    }
}

// ---------------------------------------------------------------------------
// Vocabulary

/// (system name, id slug) pairs: typical systems of a Vietnamese agency.
const SUBJECTS: &[(&str, &str)] = &[
    ("quản lý văn bản và điều hành", "qlvb"),
    ("một cửa điện tử", "mot-cua"),
    ("dịch vụ công trực tuyến", "dvc"),
    ("quản lý hồ sơ công việc", "hscv"),
    ("quản lý đất đai", "dat-dai"),
    ("đăng ký hộ tịch", "ho-tich"),
    ("quản lý giáo dục", "giao-duc"),
    ("quản lý khám chữa bệnh", "y-te"),
    ("tài chính kế toán", "ke-toan"),
    ("quản lý cán bộ công chức", "can-bo"),
    ("thư điện tử công vụ", "email"),
    ("họp trực tuyến", "hop"),
    ("phản ánh kiến nghị", "phan-anh"),
    ("quy hoạch xây dựng", "quy-hoach"),
    ("giám sát môi trường", "moi-truong"),
    ("an sinh xã hội", "an-sinh"),
    ("thông tin du lịch", "du-lich"),
    ("quản lý giao thông", "giao-thong"),
    ("dữ liệu nông nghiệp", "nong-nghiep"),
    ("báo cáo thống kê", "bao-cao"),
    ("lưu trữ điện tử", "luu-tru"),
    ("chữ ký số chuyên dùng", "chu-ky-so"),
    ("trục liên thông LGSP", "lgsp"),
    ("giám sát an toàn thông tin", "soc"),
];

const NAME_PREFIXES: &[&str] = &[
    "Hệ thống",
    "Phần mềm",
    "Cổng thông tin",
    "Nền tảng",
    "Cơ sở dữ liệu",
    "Ứng dụng",
];

const NAME_SUFFIXES: &[&str] = &[
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    " (mới)",
    " cấp tỉnh",
    " giai đoạn 2",
];

const PLACES: &[(&str, &str)] = &[
    ("Hà Nội", "hn"),
    ("Thừa Thiên Huế", "hue"),
    ("Đà Nẵng", "dn"),
    ("Hồ Chí Minh", "hcm"),
    ("Cần Thơ", "ct"),
    ("Quảng Ninh", "qn"),
    ("Nghệ An", "na"),
    ("Lâm Đồng", "ld"),
    ("Bắc Ninh", "bn"),
    ("Khánh Hòa", "kh"),
];

const DEPARTMENTS: &[&str] = &[
    "Sở Thông tin và Truyền thông",
    "Sở Tài chính",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Tài nguyên và Môi trường",
    "Sở Tư pháp",
    "Sở Nội vụ",
    "Sở Giao thông vận tải",
    "Sở Xây dựng",
    "Sở Du lịch",
];

const UNITS: &[&str] = &[
    "Trung tâm Công nghệ thông tin và Truyền thông",
    "Trung tâm Giám sát điều hành đô thị thông minh",
    "Trung tâm Phục vụ hành chính công",
    "Trung tâm Lưu trữ lịch sử",
];

const ENTERPRISES: &[&str] = &[
    "Công ty TNHH MTV Cấp nước",
    "Công ty Cổ phần Môi trường đô thị",
    "Công ty Xổ số kiến thiết",
];

const DISTRICT_NAMES: &[&str] = &[
    "Phú Vang",
    "Hương Thủy",
    "Phong Điền",
    "Quảng Điền",
    "A Lưới",
    "Nam Đông",
    "Phú Lộc",
    "Hương Trà",
    "Thanh Xuân",
    "Cầu Giấy",
    "Sơn Trà",
    "Hải Châu",
    "Ninh Kiều",
    "Bình Thạnh",
];

const COMMUNE_NAMES: &[&str] = &[
    "Thủy Bằng",
    "Phú Mậu",
    "Hương Long",
    "Lộc Thủy",
    "Vinh Thanh",
    "Điền Hải",
    "Quảng Phú",
    "Hồng Thượng",
    "Thượng Nhật",
    "Lăng Cô",
    "Phú Diên",
    "Hương Vinh",
];

const AGENCY_TAGS: &[&str] = &[
    "pilot-2025",
    "smart-city",
    "province",
    "lgsp-connected",
    "priority",
];

const SYSTEM_TAGS: &[&str] = &[
    "egov",
    "citizen-facing",
    "internal",
    "shared",
    "legacy",
    "lgsp",
    "ndxp",
    "gis",
    "pilot",
    "backup",
    "open-data",
    "mobile",
];

const DESCRIPTIONS: &[&str] = &[
    "Phục vụ tiếp nhận và trả kết quả hồ sơ cho người dân",
    "Dùng chung cho các phòng ban chuyên môn",
    "Kết nối với Cổng dịch vụ công quốc gia",
    "Đang nâng cấp theo kế hoạch chuyển đổi số",
    "Lưu trữ dữ liệu chuyên ngành từ năm 2012",
];

const MIGRATION_NOTES: &[&str] = &[
    "Chờ phê duyệt kinh phí",
    "Phụ thuộc nâng cấp hệ điều hành",
    "Nhà cung cấp đã ngừng hỗ trợ",
    "Chuyển cùng đợt với hệ thống một cửa",
];

const SERVICE_NAMES: &[&str] = &[
    "Cấp giấy phép xây dựng",
    "Đăng ký khai sinh",
    "Cấp đổi giấy chứng nhận quyền sử dụng đất",
    "Đăng ký kinh doanh hộ cá thể",
    "Cấp phiếu lý lịch tư pháp",
];

const PROVIDERS_CLOUD: &[&str] = &[
    "vnpt",
    "viettel",
    "fpt",
    "cmc",
    "vng",
    "hue-dc",
    "aws",
    "microsoft-azure",
    "google-cloud",
];
const PROVIDERS_DOMESTIC_DC: &[&str] = &["vnpt", "viettel", "fpt", "cmc", "hue-dc"];
const PROVIDERS_GOV: &[&str] = &["vnpt", "viettel", "hue-dc"];
const PROVIDERS_SAAS: &[&str] = &[
    "microsoft-azure",
    "google-cloud",
    "fpt",
    "vnpt",
    "viettel",
    "aws",
];

const DOMESTIC_REGIONS: &[&str] = &["ha-noi", "ho-chi-minh", "da-nang", "hue"];
const GLOBAL_REGIONS: &[&str] = &["ap-southeast-1", "southeastasia", "asia-southeast1"];

const TCP_PORTS: &[u16] = &[22, 1433, 3306, 3389, 5432, 6379, 27017];

const URL_PATHS: &[&str] = &["", "", "/", "/portal", "/api/health", "/dvc", "/login"];

// ---------------------------------------------------------------------------
// Writer

struct Generator {
    width: usize,
    /// Indices of agencies generated so far that are departments (parents).
    departments: Vec<u64>,
}

impl Generator {
    fn agency_id(&self, index: u64) -> String {
        format!("agency-{index:0w$}", w = self.width)
    }

    /// Writes one agency file and returns its size in bytes.
    fn write_file(
        &mut self,
        path: &Path,
        index: u64,
        count: u64,
        rng: &mut Rng,
    ) -> io::Result<u64> {
        let mut out = BufWriter::with_capacity(1 << 16, File::create(path)?);
        let id = self.agency_id(index);

        // The first agency is always a department so later ones can report to it.
        let kind = if index == 1 {
            "department"
        } else {
            *rng.weighted(&[
                ("department", 25),
                ("district", 20),
                ("commune", 30),
                ("unit", 15),
                ("enterprise", 10),
            ])
        };
        let (place, place_slug) = *rng.pick(PLACES);
        let name = match kind {
            "department" => format!("{} {place}", rng.pick(DEPARTMENTS)),
            "district" => format!("UBND huyện {}", rng.pick(DISTRICT_NAMES)),
            "commune" => format!("UBND xã {}", rng.pick(COMMUNE_NAMES)),
            "unit" => format!("{} {place}", rng.pick(UNITS)),
            _ => format!("{} {place}", rng.pick(ENTERPRISES)),
        };
        let domain = format!("{place_slug}{index}.gov.vn");

        writeln!(
            out,
            "# Synthetic inventory generated by examples/gen_inventory.rs"
        )?;
        writeln!(out, "agency:\n  id: {id}\n  name: {name}\n  kind: {kind}")?;
        if rng.chance(80) {
            writeln!(out, "  contact: cntt@{domain}")?;
        }
        if kind != "department" && !self.departments.is_empty() && rng.chance(85) {
            let parent = *rng.pick(&self.departments);
            writeln!(out, "  parent: {}", self.agency_id(parent))?;
        }
        if rng.chance(40) {
            write!(out, "  tags: [{}", rng.pick(AGENCY_TAGS))?;
            if rng.chance(40) {
                write!(out, ", {place_slug}")?;
            }
            out.write_all(b"]\n")?;
        }
        if kind == "department" {
            self.departments.push(index);
        }

        if count == 0 {
            out.write_all(b"systems: []\n")?;
        } else {
            out.write_all(b"systems:\n")?;
        }
        for n in 1..=count {
            write_system(&mut out, rng, n, &domain)?;
        }
        let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        Ok(file.metadata()?.len())
    }
}

/// One system as an item of the agency's `systems:` list. Sequences directly
/// under a mapping key are written unindented (`systems:\n- id: ...`), the
/// style serde_yaml itself emits; `hosting` and `migration` are sometimes
/// written in flow style (`{model: saas, provider: fpt}`), as people do.
fn write_system(out: &mut impl Write, rng: &mut Rng, n: u64, domain: &str) -> io::Result<()> {
    let (subject, slug) = *rng.pick(SUBJECTS);
    writeln!(out, "- id: {slug}-{n:03}")?;
    if rng.chance(35) {
        writeln!(
            out,
            "  name: {} {subject}{}",
            rng.pick(NAME_PREFIXES),
            rng.pick(NAME_SUFFIXES)
        )?;
    } else {
        // Capitalise the subject: the first word is ASCII-initial or
        // starts with a precomposed letter that `to_uppercase` handles.
        let mut chars = subject.chars();
        let first = chars
            .next()
            .map(|c| c.to_uppercase().to_string())
            .unwrap_or_default();
        writeln!(
            out,
            "  name: {first}{}{}",
            chars.as_str(),
            rng.pick(NAME_SUFFIXES)
        )?;
    }
    if rng.chance(3) {
        writeln!(out, "  description: {}", rng.pick(DESCRIPTIONS))?;
    }
    let criticality = rng.weighted(&[("low", 25), ("medium", 40), ("high", 25), ("critical", 10)]);
    writeln!(out, "  criticality: {criticality}")?;
    if rng.chance(90) {
        let level = rng.weighted(&[(1u8, 15), (2, 35), (3, 30), (4, 15), (5, 5)]);
        writeln!(out, "  security_level: {level}")?;
        if rng.chance(12) {
            let issuer = rng.pick(&["UBND", "STTTT", "SYT", "STC"]);
            writeln!(
                out,
                "  security_approval:\n    decision: {}/QĐ-{issuer}\n    date: {}",
                rng.range(1, 3999),
                rng.date(2017, 2025)
            )?;
        }
    }
    if rng.chance(15) {
        writeln!(out, "  last_security_assessment: {}", rng.date(2021, 2025))?;
    }
    if rng.chance(60) {
        let class = rng.weighted(&[
            ("public", 20),
            ("internal", 50),
            ("confidential", 25),
            ("secret", 5),
        ]);
        writeln!(out, "  data_classification: {class}")?;
    }
    if rng.chance(10) {
        let magnitude = *rng.pick(&[100u64, 1_000, 10_000, 100_000, 1_000_000]);
        writeln!(
            out,
            "  personal_data_users: {}",
            rng.range(1, 9) * magnitude + rng.below(magnitude)
        )?;
    }
    if rng.chance(10) {
        let lifecycle = rng.weighted(&[
            ("production", 20),
            ("planned", 25),
            ("development", 30),
            ("retired", 25),
        ]);
        writeln!(out, "  lifecycle: {lifecycle}")?;
    }
    if rng.chance(12) {
        writeln!(out, "  commissioned: {}", rng.date(2008, 2025))?;
    }
    if rng.chance(12) {
        writeln!(out, "  last_reviewed: {}", rng.date(2023, 2025))?;
    }

    // Hosting: about 60% on a cloud model (private, gov, public cloud, SaaS).
    let model = *rng.weighted(&[
        ("on-premises", 25),
        ("data-center", 15),
        ("private-cloud", 12),
        ("gov-cloud", 25),
        ("public-cloud", 13),
        ("saas", 10),
    ]);
    let provider = match model {
        "on-premises" => None,
        "data-center" => rng.chance(70).then(|| *rng.pick(PROVIDERS_DOMESTIC_DC)),
        "gov-cloud" => Some(*rng.pick(PROVIDERS_GOV)),
        "saas" => Some(*rng.pick(PROVIDERS_SAAS)),
        _ => Some(*rng.pick(PROVIDERS_CLOUD)),
    };
    let region = match provider {
        Some(p) if rng.chance(15) => {
            let global = matches!(p, "aws" | "microsoft-azure" | "google-cloud");
            Some(*rng.pick(if global {
                GLOBAL_REGIONS
            } else {
                DOMESTIC_REGIONS
            }))
        }
        _ => None,
    };
    if rng.chance(55) {
        write!(out, "  hosting: {{model: {model}")?;
        if let Some(provider) = provider {
            write!(out, ", provider: {provider}")?;
        }
        if let Some(region) = region {
            write!(out, ", region: {region}")?;
        }
        out.write_all(b"}\n")?;
    } else {
        writeln!(out, "  hosting:\n    model: {model}")?;
        if let Some(provider) = provider {
            writeln!(out, "    provider: {provider}")?;
        }
        if let Some(region) = region {
            writeln!(out, "    region: {region}")?;
        }
    }

    // Migration (the 6 Rs) for about half the systems.
    if rng.chance(50) {
        let strategy = rng.weighted(&[
            ("rehost", 35),
            ("replatform", 20),
            ("refactor", 10),
            ("repurchase", 10),
            ("retire", 10),
            ("retain", 15),
        ]);
        let status = rng.weighted(&[
            ("planned", 40),
            ("in-progress", 25),
            ("done", 25),
            ("blocked", 10),
        ]);
        let wave = rng.chance(30).then(|| rng.range(1, 6));
        let target_date = rng.chance(30).then(|| rng.date(2024, 2027));
        let note = rng.chance(4).then(|| *rng.pick(MIGRATION_NOTES));
        if rng.chance(50) {
            write!(out, "  migration: {{strategy: {strategy}, status: {status}")?;
            if let Some(wave) = wave {
                write!(out, ", wave: {wave}")?;
            }
            if let Some(date) = target_date {
                write!(out, ", target_date: {date}")?;
            }
            if let Some(note) = note {
                write!(out, ", note: {note}")?;
            }
            out.write_all(b"}\n")?;
        } else {
            writeln!(
                out,
                "  migration:\n    strategy: {strategy}\n    status: {status}"
            )?;
            if let Some(wave) = wave {
                writeln!(out, "    wave: {wave}")?;
            }
            if let Some(date) = target_date {
                writeln!(out, "    target_date: {date}")?;
            }
            if let Some(note) = note {
                writeln!(out, "    note: {note}")?;
            }
        }
    }

    // Public services for about 30%: fully_online <= total, mobile_ready <= fully_online.
    if rng.chance(30) {
        let total = if rng.chance(80) {
            rng.range(1, 20)
        } else {
            rng.range(21, 400)
        };
        let fully_online = rng.range(0, total);
        writeln!(
            out,
            "  public_services:\n    total: {total}\n    fully_online: {fully_online}"
        )?;
        if rng.chance(50) {
            writeln!(out, "    mobile_ready: {}", rng.range(0, fully_online))?;
        }
        if rng.chance(4) {
            out.write_all(b"    services:\n")?;
            // Never more services listed than the total says.
            for _ in 0..rng.range(1, 2.min(total)) {
                let level = if rng.chance(60) { "full" } else { "partial" };
                writeln!(
                    out,
                    "    - code: \"1.{:06}\"\n      name: {}\n      level: {level}",
                    rng.range(1, 12_999),
                    rng.pick(SERVICE_NAMES)
                )?;
                if rng.chance(50) {
                    writeln!(out, "      online_payment: {}", rng.chance(50))?;
                }
                if rng.chance(50) {
                    let delivery = rng.pick(&[
                        "[online]",
                        "[online, post]",
                        "[post, in-person]",
                        "[in-person]",
                    ]);
                    writeln!(out, "      result_delivery: {delivery}")?;
                }
                if rng.chance(30) {
                    writeln!(
                        out,
                        "      national_portal_id: \"{}\"",
                        rng.range(100_000, 999_999)
                    )?;
                }
            }
        }
    }

    // 0-3 endpoints: https mostly, some http, some tcp that must stay closed.
    let endpoints = *rng.weighted(&[(0u64, 67), (1, 25), (2, 6), (3, 2)]);
    if endpoints > 0 {
        out.write_all(b"  endpoints:\n")?;
        // Each endpoint of a system gets its own host, so none repeats.
        for index in 0..endpoints {
            let scheme = *rng.weighted(&[("https", 75), ("http", 12), ("tcp", 13)]);
            if scheme == "tcp" {
                writeln!(
                    out,
                    "  - url: tcp://db{index}.{domain}:{}\n    expect: closed",
                    rng.pick(TCP_PORTS)
                )?;
            } else {
                writeln!(
                    out,
                    "  - url: {scheme}://{slug}{n}-{index}.{domain}{}",
                    rng.pick(URL_PATHS)
                )?;
            }
        }
    }

    if rng.chance(30) {
        // 1-3 distinct tags: a random start and stride over the list.
        let len = SYSTEM_TAGS.len() as u64;
        let start = rng.below(len);
        let stride = rng.range(1, 4);
        write!(out, "  tags: [{}", SYSTEM_TAGS[start as usize])?;
        for k in 1..=rng.below(3) {
            write!(
                out,
                ", {}",
                SYSTEM_TAGS[((start + k * stride) % len) as usize]
            )?;
        }
        out.write_all(b"]\n")?;
    }
    Ok(())
}
