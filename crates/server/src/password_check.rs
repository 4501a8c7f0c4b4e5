//! Password checks with bounded concurrency and bounded memory.
//!
//! argon2id with the default parameters fills 19 MiB per check. Run unbounded on the blocking
//! pool, a flood of sign-ins allocates that once per request, and the allocator keeps most of
//! it afterwards. Here at most `permits` checks run at once ([`PasswordChecks::acquire`] waits
//! [`PERMIT_WAIT`] for one, then answers 503 `busy`), and each check runs in one of at most
//! `permits` block buffers that are kept and reused, so the memory of password checks never
//! exceeds `permits` × 19 MiB. A stored hash that needs more memory than a pooled buffer gets a
//! fresh one for that check (still under a permit).

use crate::error::{ApiError, ApiResult};
use argon2::password_hash::{Output, PasswordHash, Salt};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use axum::http::{header, HeaderValue, StatusCode};
use spotdesk_api::codes;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// How long a sign-in waits for a free password check before it is answered 503 `busy`.
pub const PERMIT_WAIT: Duration = Duration::from_secs(2);

/// The `Retry-After` (seconds) of that 503.
pub const BUSY_RETRY_AFTER_SECS: u32 = 2;

/// Upper end of the default number of concurrent checks (each holds a 19 MiB buffer).
pub const MAX_DEFAULT_PERMITS: usize = 8;

/// Blocks (1 KiB each) of a pooled buffer: what the default argon2 parameters need.
const POOL_BLOCKS: usize = Params::DEFAULT.block_count();

/// The default number of concurrent checks: the number of cores, at least 2 and at most
/// [`MAX_DEFAULT_PERMITS`].
pub fn default_permits() -> usize {
    std::thread::available_parallelism()
        .map_or(2, std::num::NonZeroUsize::get)
        .clamp(2, MAX_DEFAULT_PERMITS)
}

/// The server's password checks: a semaphore of permits and the pool of block buffers.
#[derive(Debug)]
pub struct PasswordChecks {
    permits: Arc<Semaphore>,
    pool: Arc<BlockPool>,
}

impl PasswordChecks {
    /// At most `permits` checks at once (at least 1).
    pub fn new(permits: usize) -> Self {
        let permits = permits.max(1);
        Self {
            permits: Arc::new(Semaphore::new(permits)),
            pool: Arc::new(BlockPool::new(permits)),
        }
    }

    /// Waits up to [`PERMIT_WAIT`] for a free check; 503 `busy` with `Retry-After` when none
    /// frees up in time.
    pub async fn acquire(&self) -> ApiResult<CheckPermit> {
        let permit = tokio::time::timeout(PERMIT_WAIT, self.permits.clone().acquire_owned()).await;
        match permit {
            Ok(Ok(permit)) => Ok(CheckPermit {
                _permit: permit,
                pool: self.pool.clone(),
            }),
            // Timed out, or the semaphore was closed (never done): both mean "not now".
            Ok(Err(_)) | Err(_) => Err(busy()),
        }
    }
}

/// 503 `busy`: every password check is in use.
fn busy() -> ApiError {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        codes::BUSY,
        format!(
            "the server is busy checking other sign-ins; try again in {BUSY_RETRY_AFTER_SECS} seconds"
        ),
    )
    .with_header(
        header::RETRY_AFTER,
        HeaderValue::from(BUSY_RETRY_AFTER_SECS),
    )
}

/// The right to run one password check.
#[derive(Debug)]
pub struct CheckPermit {
    _permit: OwnedSemaphorePermit,
    pool: Arc<BlockPool>,
}

impl CheckPermit {
    /// Whether `password` matches the PHC string `hash`, computed on the blocking pool. The
    /// permit is held until the computation ends, even when the request is dropped meanwhile.
    pub async fn verify(self, hash: String, password: String) -> ApiResult<bool> {
        tokio::task::spawn_blocking(move || {
            let ok = self.pool.verify(&hash, password.as_bytes());
            drop(self);
            ok
        })
        .await
        .map_err(ApiError::internal)
    }
}

impl CheckPermit {
    /// An argon2id hash of a new password ([`crate::auth::hash_password`]), computed on the
    /// blocking pool under this permit, so setting passwords shares the bound of sign-ins.
    pub async fn hash(self, password: String) -> ApiResult<String> {
        tokio::task::spawn_blocking(move || {
            let hash = crate::auth::hash_password(&password);
            drop(self);
            hash
        })
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)
    }
}

/// Block buffers kept for reuse, at most `keep` of them.
#[derive(Debug)]
struct BlockPool {
    keep: usize,
    free: Mutex<Vec<Vec<Block>>>,
}

impl BlockPool {
    fn new(keep: usize) -> Self {
        Self {
            keep,
            free: Mutex::new(Vec::with_capacity(keep)),
        }
    }

    /// Runs `f` on at least `needed` blocks: a pooled buffer (made on first use and kept), or
    /// a fresh one when `needed` exceeds the pooled size.
    fn with_blocks<R>(&self, needed: usize, f: impl FnOnce(&mut [Block]) -> R) -> R {
        if needed > POOL_BLOCKS {
            return f(&mut vec![Block::default(); needed]);
        }
        let pooled = self.lock().pop();
        let mut buffer = pooled.unwrap_or_else(|| vec![Block::default(); POOL_BLOCKS]);
        let result = f(&mut buffer);
        let mut free = self.lock();
        if free.len() < self.keep {
            free.push(buffer);
        }
        result
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Vec<Block>>> {
        match self.free.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Whether `password` matches `hash` (argon2d/i/id PHC string); accepts exactly what
    /// `argon2`'s own `verify_password` accepts. A malformed hash never matches.
    fn verify(&self, hash: &str, password: &[u8]) -> bool {
        let Ok(parsed) = PasswordHash::new(hash) else {
            return false;
        };
        let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
            return false;
        };
        let Some(argon2) = hasher(&parsed) else {
            return false;
        };
        let mut salt_buf = [0u8; Salt::MAX_LENGTH];
        let Ok(salt) = salt.decode_b64(&mut salt_buf) else {
            return false;
        };
        let mut out = [0u8; Output::MAX_LENGTH];
        let Some(out) = out.get_mut(..expected.len()) else {
            return false;
        };
        let computed = self.with_blocks(argon2.params().block_count(), |blocks| {
            argon2.hash_password_into_with_memory(password, salt, &mut *out, blocks)
        });
        // `Output`'s equality is constant-time.
        computed.is_ok() && Output::new(out).is_ok_and(|o| o == expected)
    }
}

/// The argon2 instance a PHC hash names: algorithm, version and parameters.
fn hasher(parsed: &PasswordHash<'_>) -> Option<Argon2<'static>> {
    let algorithm = Algorithm::try_from(parsed.algorithm).ok()?;
    let version = match parsed.version {
        Some(v) => Version::try_from(v).ok()?,
        None => Version::default(),
    };
    let params = Params::try_from(parsed).ok()?;
    Some(Argon2::new(algorithm, version, params))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use argon2::password_hash::{PasswordHasher, PasswordVerifier, SaltString};
    use argon2::ParamsBuilder;

    /// What `argon2` itself says.
    fn reference(hash: &str, password: &[u8]) -> bool {
        PasswordHash::new(hash)
            .is_ok_and(|h| Argon2::default().verify_password(password, &h).is_ok())
    }

    fn hash_with(algorithm: Algorithm, version: Version, params: Params, pw: &str) -> String {
        let salt = SaltString::from_b64("c29tZXNhbHRzb21lc2FsdA").unwrap();
        Argon2::new(algorithm, version, params)
            .hash_password(pw.as_bytes(), &salt)
            .unwrap()
            .to_string()
    }

    fn params(m: u32, t: u32, p: u32, out: Option<usize>) -> Params {
        let mut b = ParamsBuilder::new();
        b.m_cost(m).t_cost(t).p_cost(p);
        if let Some(len) = out {
            b.output_len(len);
        }
        b.build().unwrap()
    }

    #[test]
    fn pooled_verify_accepts_exactly_what_argon2_accepts() {
        let pool = BlockPool::new(2);
        let mut hashes = vec![
            crate::auth::hash_password("secret").unwrap(),
            crate::auth::dummy_hash().to_owned(),
            hash_with(
                Algorithm::Argon2i,
                Version::V0x13,
                params(64, 3, 1, None),
                "secret",
            ),
            hash_with(
                Algorithm::Argon2d,
                Version::V0x10,
                params(64, 1, 2, Some(16)),
                "secret",
            ),
            hash_with(
                Algorithm::Argon2id,
                Version::V0x13,
                params(256, 2, 4, Some(64)),
                "secret",
            ),
            // More memory than a pooled buffer: a fresh allocation.
            hash_with(
                Algorithm::Argon2id,
                Version::V0x13,
                params(POOL_BLOCKS as u32 + 1024, 1, 1, None),
                "secret",
            ),
        ];
        // Without a version field (argon2 then assumes 0x13), with associated data.
        let small = hash_with(
            Algorithm::Argon2id,
            Version::V0x13,
            params(64, 1, 1, None),
            "secret",
        );
        hashes.push(small.replace("$v=19", ""));
        let with_data = {
            let mut b = ParamsBuilder::new();
            b.m_cost(64)
                .t_cost(1)
                .p_cost(1)
                .data(argon2::AssociatedData::new(b"context").unwrap());
            hash_with(
                Algorithm::Argon2id,
                Version::V0x13,
                b.build().unwrap(),
                "secret",
            )
        };
        hashes.push(with_data);
        // Tampered and malformed hashes.
        let tampered = {
            let mut h = small.clone();
            let last = h.pop().unwrap();
            h.push(if last == 'A' { 'B' } else { 'A' });
            h
        };
        hashes.extend([
            tampered,
            small.replace("argon2id", "argon2x"),
            small.replace("$v=19", "$v=18"),
            small.replace("m=64", "m=1"),
            small.replace("m=64", "m=64,x=1"),
            small.replace("t=1", "t=0"),
            "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ".to_owned(),
            "$pbkdf2-sha256$i=1000$c29tZXNhbHQ$aGFzaGhhc2hoYXNo".to_owned(),
            "garbage".to_owned(),
            String::new(),
        ]);
        let passwords: [&[u8]; 5] = [
            b"secret",
            b"Secret",
            b"",
            b"not a real password",
            b"secret ",
        ];
        let mut accepted = 0;
        for hash in &hashes {
            for pw in passwords {
                let ours = pool.verify(hash, pw);
                assert_eq!(ours, reference(hash, pw), "{hash} with {pw:?}");
                accepted += usize::from(ours);
            }
        }
        // The hashes of "secret" that are well formed (7), and the dummy's own password.
        assert_eq!(accepted, 8);
        // The pool keeps at most its size, and only buffers of the pooled size.
        let free = pool.lock();
        assert!(free.len() <= 2);
        assert!(free.iter().all(|b| b.len() == POOL_BLOCKS));
    }

    #[tokio::test]
    async fn permits_are_bounded_and_busy_is_a_503() {
        let checks = PasswordChecks::new(1);
        let held = checks.acquire().await.unwrap();
        let err = checks.acquire().await.unwrap_err();
        assert_eq!(err.status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(err.body.code, codes::BUSY);
        assert!(err.headers.iter().any(|(n, _)| n == header::RETRY_AFTER));
        let hash = crate::auth::hash_password("pw").unwrap();
        assert!(held.verify(hash.clone(), "pw".into()).await.unwrap());
        // The permit came back with the finished check.
        let again = checks.acquire().await.unwrap();
        assert!(!again.verify(hash, "nope".into()).await.unwrap());
    }
}
