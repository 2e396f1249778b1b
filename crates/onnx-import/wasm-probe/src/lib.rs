//! Two exports, no bindings: `alloc` a buffer for the file, then `import` it
//! (taking the buffer over) and get the layer count, or -1 on an error.

/// A buffer of `len` bytes for the caller to fill.
#[no_mangle]
pub extern "C" fn alloc(len: usize) -> *mut u8 {
    let mut v = Vec::<u8>::with_capacity(len);
    let p = v.as_mut_ptr();
    std::mem::forget(v);
    p
}

/// Imports the model in the buffer from [`alloc`] (which this frees).
///
/// # Safety
/// `ptr` and `len` must come from one call of [`alloc`], its bytes all written.
#[no_mangle]
pub unsafe extern "C" fn import(ptr: *mut u8, len: usize) -> i64 {
    let bytes = Vec::from_raw_parts(ptr, len, len);
    match onnx_import::import(bytes.into()) {
        Ok(m) => m.network.layers.len() as i64,
        Err(_) => -1,
    }
}
