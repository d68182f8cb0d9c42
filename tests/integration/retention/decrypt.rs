//! An independent reader of SQLCipher 4 pages, so a test can look at every page of the
//! file and the WAL (free pages and stale frames included) as plaintext.
//!
//! SQLCipher 4 defaults: 4096-byte pages, AES-256-CBC, 80 reserved bytes at the end of
//! each page (a 16-byte IV, then the 64-byte HMAC-SHA512). With a raw key (`x'…'`) the
//! key itself is the encryption key. Page 1 begins with the file's 16-byte salt, which is
//! not encrypted.

use aes::cipher::{block_padding::NoPadding, BlockModeDecrypt, KeyIvInit};

pub const PAGE: usize = 4096;
const RESERVED: usize = 80;
const WAL_HEADER: usize = 32;
const FRAME_HEADER: usize = 24;

fn decrypt_page(page: &[u8], key: &[u8; 32], first: bool) -> Vec<u8> {
    assert_eq!(page.len(), PAGE);
    let iv: [u8; 16] = page[PAGE - RESERVED..PAGE - RESERVED + 16].try_into().unwrap();
    let start = if first { 16 } else { 0 };
    let mut buf = page[start..PAGE - RESERVED].to_vec();
    cbc::Decryptor::<aes::Aes256>::new(key.into(), &iv.into())
        .decrypt_padded::<NoPadding>(&mut buf)
        .expect("whole blocks")
        .to_vec()
}

/// Every page of the database file, decrypted, one after the other.
pub fn database_plaintext(file: &[u8], key: &[u8; 32]) -> Vec<u8> {
    assert_eq!(file.len() % PAGE, 0, "a whole number of pages");
    let mut out = Vec::with_capacity(file.len());
    for (i, page) in file.chunks(PAGE).enumerate() {
        out.extend(decrypt_page(page, key, i == 0));
    }
    out
}

/// Every frame of the WAL, decrypted (stale frames too: they are still on disk).
pub fn wal_plaintext(wal: &[u8], key: &[u8; 32]) -> Vec<u8> {
    let mut out = Vec::new();
    if wal.len() < WAL_HEADER {
        return out;
    }
    for frame in wal[WAL_HEADER..].chunks(FRAME_HEADER + PAGE) {
        if frame.len() < FRAME_HEADER + PAGE {
            break;
        }
        let page_no = u32::from_be_bytes(frame[..4].try_into().unwrap());
        out.extend(decrypt_page(&frame[FRAME_HEADER..], key, page_no == 1));
    }
    out
}

/// The decrypted page 1 must carry SQLite's own header fields after the salt: the page
/// size (4096 = 0x1000) at file offset 16, and the write/read versions 2 (WAL) at 18–19.
pub fn assert_decrypts(file: &[u8], key: &[u8; 32]) {
    let first = decrypt_page(&file[..PAGE], key, true);
    assert_eq!(&first[..4], &[0x10, 0x00, 0x02, 0x02], "page 1 does not decrypt to a SQLite header");
    let wrong = decrypt_page(&file[..PAGE], &[0u8; 32], true);
    assert_ne!(&wrong[..4], &[0x10, 0x00, 0x02, 0x02]);
}
