//! `pinpoint-console serve` as a child process on a free loopback port, with its output in
//! files; killed when dropped.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use super::Home;

pub struct Serve {
    pub child: Child,
    pub port: u16,
    log_dir: tempfile::TempDir,
}

impl Serve {
    /// Starts serve on `db`, retrying on another port when the chosen one was taken.
    pub fn start(home: &Home, db: &Path) -> Serve {
        Self::start_with(home, db, &[])
    }

    /// Starts serve with more options (`--require-auth KEY:SECRET`, `--log-level trace`).
    pub fn start_with(home: &Home, db: &Path, extra: &[&str]) -> Serve {
        Self::start_under_umask(home, db, extra, None)
    }

    /// Starts serve with a file-mode creation mask of its own (`"000"`), when given.
    pub fn start_under_umask(home: &Home, db: &Path, extra: &[&str], umask: Option<&str>) -> Serve {
        let mut last_error = String::new();
        for _ in 0..5 {
            match Self::try_start(home, db, extra, umask) {
                Ok(serve) => return serve,
                Err(e) => last_error = e,
            }
        }
        panic!("serve did not start: {last_error}");
    }

    fn try_start(
        home: &Home,
        db: &Path,
        extra: &[&str],
        umask: Option<&str>,
    ) -> Result<Serve, String> {
        let port = free_port();
        let log_dir = tempfile::tempdir().unwrap();
        let stdout = std::fs::File::create(log_dir.path().join("stdout")).unwrap();
        let stderr = std::fs::File::create(log_dir.path().join("stderr")).unwrap();
        let binary = env!("CARGO_BIN_EXE_pinpoint-console");
        let mut command = match umask {
            // The shell sets the mask and becomes serve (same process id).
            Some(mask) => {
                let mut sh = std::process::Command::new("sh");
                sh.args(["-c", "umask \"$0\" && exec \"$@\"", mask, binary]);
                sh
            }
            None => std::process::Command::new(binary),
        };
        let child = command
            .args(["serve", "--addr", &format!("127.0.0.1:{port}"), "--db"])
            .arg(db)
            .args(extra)
            .env("PINPOINT_CONSOLE_CONFIG_DIR", home.config_dir())
            .env("PINPOINT_CONSOLE_DATA_DIR", home.data_dir())
            .env_remove("PINPOINT_CONSOLE_LOG")
            .stdin(Stdio::null())
            .stdout(stdout)
            .stderr(stderr)
            .spawn()
            .expect("spawn serve");
        let mut serve = Serve {
            child,
            port,
            log_dir,
        };
        let banner = format!("listening on http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Some(status) = serve.child.try_wait().unwrap() {
                return Err(format!("serve exited ({status}): {}", serve.stderr()));
            }
            let addr = SocketAddr::from(([127, 0, 0, 1], port));
            if serve.stdout().contains(&banner)
                && TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok()
            {
                return Ok(serve);
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        Err(format!(
            "serve did not accept connections on port {port} within 10 s: {}",
            serve.stderr()
        ))
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn stdout(&self) -> String {
        std::fs::read_to_string(self.log_dir.path().join("stdout")).unwrap_or_default()
    }

    pub fn stderr(&self) -> String {
        std::fs::read_to_string(self.log_dir.path().join("stderr")).unwrap_or_default()
    }

    /// Stops serve the way a user does (SIGTERM) and returns how it exited.
    pub fn terminate(mut self) -> (std::process::ExitStatus, String) {
        let status = std::process::Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success(), "kill -TERM failed");
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return (status, self.stderr());
            }
            assert!(
                Instant::now() < deadline,
                "serve did not stop within 10 s of SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// SIGKILL (what `Child::kill` sends on Unix), then reaps the process.
    pub fn kill_9(mut self) {
        self.child.kill().expect("SIGKILL serve");
        let status = self.child.wait().unwrap();
        assert!(!status.success(), "serve was killed, not stopped: {status}");
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A loopback port that was free a moment ago.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// One HTTP/1.1 request on its own connection; the status and body, or why none came.
pub fn http(port: u16, method: &str, path: &str, body: &str) -> std::io::Result<(u16, String)> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(2))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.set_write_timeout(Some(Duration::from_secs(10)))?;
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes())?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer)?;
    let text = String::from_utf8_lossy(&answer);
    let status = text
        .strip_prefix("HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("no status line: {text:?}")))?;
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Ok((status, body))
}
