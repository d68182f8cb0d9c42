// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let sub = args.first().map(String::as_str);
    if let Some(sub @ ("verify-audit" | "backup" | "verify-backup" | "restore")) = sub {
        let usage = "Usage: al-hayat-clinic verify-audit|backup [--data-dir DIR] [--recovery-key-stdin], or al-hayat-clinic verify-backup|restore FILE [--data-dir DIR] [--recovery-key-stdin]";
        let takes_file = matches!(sub, "verify-backup" | "restore");
        let mut data_dir = alhayat::data_dir(None);
        let mut from_stdin = false;
        let mut file: Option<std::path::PathBuf> = None;
        let mut rest = args[1..].iter();
        while let Some(a) = rest.next() {
            match a.as_str() {
                "--data-dir" => data_dir = rest.next().map(Into::into).unwrap_or(data_dir),
                "--recovery-key-stdin" => from_stdin = true,
                other if takes_file && file.is_none() && !other.starts_with("--") => {
                    file = Some(other.into())
                }
                other => {
                    eprintln!("Unknown option {other}. {usage}");
                    std::process::exit(2);
                }
            }
        }
        if takes_file && file.is_none() {
            eprintln!("Name the backup file. {usage}");
            std::process::exit(2);
        }
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        let code = runtime.block_on(async {
            match (sub, &file) {
                ("backup", _) => alhayat::cli::backup(&data_dir, from_stdin).await,
                ("verify-backup", Some(f)) => alhayat::cli::verify_backup(&data_dir, f, from_stdin).await,
                ("restore", Some(f)) => alhayat::cli::restore(&data_dir, f, from_stdin).await,
                _ => alhayat::cli::verify_audit(&data_dir, from_stdin).await,
            }
        });
        drop(runtime);
        use std::io::Write;
        let _ = std::io::stdout().flush();
        let _ = std::io::stderr().flush();
        // After a failed open, sqlx may still be closing the connection on its own
        // thread; the C library's exit handlers would pull OpenSSL from under it.
        // Nothing is left to flush or write, so leave without running them.
        // SAFETY: `_exit` only ends the process.
        unsafe { libc::_exit(code) }
    }
    // A forms application needs no GPU compositing; without it the idle window's
    // WebKit processes use about 80 MB less (measured: 309 → 227 MB PSS). Set before
    // any thread starts, and only when the person has not chosen otherwise.
    #[cfg(target_os = "linux")]
    for var in ["WEBKIT_DISABLE_DMABUF_RENDERER", "WEBKIT_DISABLE_COMPOSITING_MODE"] {
        if std::env::var_os(var).is_none() {
            std::env::set_var(var, "1");
        }
    }
    let demo = args.iter().any(|a| a == "--demo") || std::env::var("ALHAYAT_DEMO").is_ok_and(|v| v == "1");
    alhayat::run(demo);
}
