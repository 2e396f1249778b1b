//! The model worker: trunk builds this bin as a Web Worker (`model.js` +
//! `model_bg.wasm`, started by `static/model_loader.js`). The plots post it the
//! learner's ONNX file and it answers with the network, or why the file could
//! not be read (`groupwise_core::worker::model`). The file never leaves the
//! browser; reading it here keeps its copy and parse off the page's thread.

#[cfg(target_arch = "wasm32")]
mod listen {
    use groupwise_core::worker::model::{decode_request, ModelReply};
    use onnx_import::{import, Bytes};
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    pub fn listen() {
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let to = scope.clone();
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
            post(&to, &read(decode_request(&e.data()).unwrap_or_default()));
        });
        scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        // The handler lives as long as the worker.
        on_message.forget();
        post(&scope, &ModelReply::Ready);
    }

    /// The network of a file, or why there is none (with the layers known).
    fn read(bytes: Vec<u8>) -> ModelReply {
        ModelReply::from_import(import(Bytes::from(bytes)))
    }

    fn post(to: &DedicatedWorkerGlobalScope, reply: &ModelReply) {
        let (msg, transfer) = reply.encode();
        let _ = to.post_message_with_transfer(&msg, &transfer);
    }
}

fn main() {
    #[cfg(target_arch = "wasm32")]
    listen::listen();
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("the model worker only runs in a browser (built by trunk as model.js)");
}
