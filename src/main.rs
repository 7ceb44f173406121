use std::process::ExitCode;

use cloudcensus::app;
use cloudcensus::cli;
use cloudcensus::error::Exit;
use cloudcensus::fields::IsoDate;

/// jemalloc rather than glibc's malloc. Probing frees connection buffers
/// and TLS handshake state on the prober threads, by the thousand, amid the
/// facts it keeps; glibc's arenas kept the freed room, fragmented, so a
/// probing scan's memory grew with every endpoint. jemalloc's size classes
/// keep short- and long-lived allocations apart. Measured (BENCHMARKS.md,
/// with the other savings of that change and `cloudcensus::memory`): 10,000
/// endpoints, HTTPS 59 -> 49 MiB and HTTP 50 -> 41 MiB at the same speed;
/// 30,000 endpoints 0.9x the time; offline on 100,000 systems 0.87x the
/// time and 0.81x the memory.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's options, read when it starts (before `main`): free pages go
/// back to the system after 10 ms, not ten seconds (probing reuses them at
/// once; later, idle, they would only count); once probing ends, at once
/// (`cloudcensus::memory`).
#[cfg(not(target_env = "msvc"))]
#[expect(unsafe_code, reason = "jemalloc reads its options from this C symbol")]
#[unsafe(export_name = "_rjem_malloc_conf")]
static JEMALLOC_OPTIONS: &[u8; 35] = b"dirty_decay_ms:10,muzzy_decay_ms:0\0";

/// glibc's malloc still serves the C libraries (aws-lc, SQLite, zstd).
/// glibc gives threads their own malloc arenas (up to eight per core), and
/// each keeps the memory its thread freed. Probing (tokio) and evaluating
/// (rayon) run on different threads, so a scan held every arena's
/// leftovers. Three arenas cut the peak memory of a 10,000-endpoint scan
/// by 8-10 MB with no measurable slowdown; two save another 1 MB, and
/// since evaluation stopped allocating per result they no longer slow the
/// offline evaluation of 100,000 systems beyond the noise (BENCHMARKS.md).
#[allow(unsafe_code, reason = "mallopt is C; the call says why it is sound")]
fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only adjusts allocator tuning; it is called before any
    // other thread exists, and a refusal (return 0) leaves the default.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// Worker threads evaluate CEL, whose interpreter recurses; give them room.
const WORKER_STACK_BYTES: usize = 16 * 1024 * 1024;

fn main() -> ExitCode {
    limit_malloc_arenas();
    // Before any thread starts: probing at --concurrency 1024 needs more
    // descriptors than the usual soft limit of 1,024.
    cloudcensus::open_files::raise_to_hard();
    // Read the local date before any thread starts: `time` refuses to read
    // the local offset once the process is multi-threaded.
    let now = time::OffsetDateTime::now_local().unwrap_or_else(|_| time::OffsetDateTime::now_utc());
    let today = IsoDate(now.date());

    let (cli, given) = match cli::parse_from(std::env::args_os()) {
        Ok(parsed) => parsed,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() {
                Exit::BadInput as u8
            } else {
                0
            });
        }
    };
    // The global pool may already exist in tests; then the default serves.
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(WORKER_STACK_BYTES)
        .build_global();
    ExitCode::from(app::run(cli, given, today) as u8)
}
