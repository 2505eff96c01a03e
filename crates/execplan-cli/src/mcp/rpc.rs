//! JSON-RPC 2.0 over lines: one message (or batch) per line in, at most one
//! reply per line out. Every line that is not a notification is answered,
//! malformed ones included: `-32700` for bytes that are not JSON (or not
//! UTF-8), `-32600` for JSON that is not a request, with the request's id
//! when it can be read and `null` otherwise, as the specification asks.
//! Nothing here knows MCP; [`answer`] takes the method handler.

use serde_json::{json, Map, Value};

/// Invalid JSON was received.
pub const PARSE_ERROR: i64 = -32700;
/// The JSON sent is not a valid request object.
pub const INVALID_REQUEST: i64 = -32600;
/// The method does not exist or is not available.
pub const METHOD_NOT_FOUND: i64 = -32601;
/// Invalid method parameters.
pub const INVALID_PARAMS: i64 = -32602;
/// Internal JSON-RPC error.
pub const INTERNAL_ERROR: i64 = -32603;

/// A JSON-RPC error: code and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RpcError {
    /// One of the codes above (or an application code).
    pub code: i64,
    /// Said to the client.
    pub message: String,
}

impl RpcError {
    /// An error with `code`.
    pub fn new(code: i64, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

/// A method call: its name and its parameters (an object or array; `None`
/// when the request had none).
pub struct Call<'a> {
    /// The method.
    pub method: &'a str,
    /// The parameters.
    pub params: Option<&'a Value>,
}

fn error(id: Value, e: &RpcError) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": e.code, "message": e.message}})
}

/// The reply to one line, as the line to write (without its newline); `None`
/// for a blank line, a notification, a batch of notifications, or a response
/// (this server sends no requests, so a response answers nothing of ours).
pub fn answer(
    line: &[u8],
    handle: &mut dyn FnMut(Call<'_>) -> Result<Value, RpcError>,
) -> Option<String> {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if line.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    let reply = match std::str::from_utf8(line) {
        Err(e) => Some(error(
            Value::Null,
            &RpcError::new(
                PARSE_ERROR,
                format!("Parse error: the line is not UTF-8 ({e})"),
            ),
        )),
        Ok(text) => match serde_json::from_str::<Value>(text) {
            Err(e) => Some(error(
                Value::Null,
                &RpcError::new(PARSE_ERROR, format!("Parse error: {e}")),
            )),
            Ok(Value::Array(batch)) if batch.is_empty() => Some(error(
                Value::Null,
                &RpcError::new(INVALID_REQUEST, "Invalid request: an empty batch"),
            )),
            Ok(Value::Array(batch)) => {
                let replies: Vec<Value> = batch.iter().filter_map(|m| one(m, handle)).collect();
                (!replies.is_empty()).then_some(Value::Array(replies))
            }
            Ok(message) => one(&message, handle),
        },
    };
    reply.map(|r| r.to_string())
}

/// The reply to one message of a line or batch.
fn one(
    message: &Value,
    handle: &mut dyn FnMut(Call<'_>) -> Result<Value, RpcError>,
) -> Option<Value> {
    let invalid = |id: Value, why: &str| {
        Some(error(
            id,
            &RpcError::new(INVALID_REQUEST, format!("Invalid request: {why}")),
        ))
    };
    let Some(obj) = message.as_object() else {
        return invalid(Value::Null, "a message is a JSON object");
    };
    // A response (no method, a result or an error) is not a request.
    if !obj.contains_key("method") && (obj.contains_key("result") || obj.contains_key("error")) {
        return None;
    }
    let id = match obj.get("id") {
        None => None,
        Some(v @ (Value::String(_) | Value::Number(_) | Value::Null)) => Some(v.clone()),
        Some(_) => return invalid(Value::Null, "`id` is a string, a number or null"),
    };
    let reply_id = || id.clone().unwrap_or(Value::Null);
    if obj.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return invalid(reply_id(), "`jsonrpc` must be \"2.0\"");
    }
    let Some(method) = obj.get("method").and_then(Value::as_str) else {
        return invalid(reply_id(), "`method` is a string");
    };
    let params = obj.get("params");
    if params.is_some_and(|p| !p.is_object() && !p.is_array()) {
        return invalid(reply_id(), "`params` is an object or an array");
    }
    let result = handle(Call { method, params });
    // A notification (no id) is never answered, not even with an error.
    let id = id?;
    Some(match result {
        Ok(result) => json!({"jsonrpc": "2.0", "id": id, "result": result}),
        Err(e) => error(id, &e),
    })
}

/// The parameters as an object (absent ones as an empty object).
pub fn params_object(params: Option<&Value>) -> Result<Map<String, Value>, RpcError> {
    match params {
        None => Ok(Map::new()),
        Some(Value::Object(m)) => Ok(m.clone()),
        Some(_) => Err(RpcError::new(
            INVALID_PARAMS,
            "Invalid params: expected an object",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn echo(c: Call<'_>) -> Result<Value, RpcError> {
        match c.method {
            "boom" => Err(RpcError::new(METHOD_NOT_FOUND, "no")),
            m => Ok(json!({"method": m})),
        }
    }

    fn reply(line: &str) -> Option<Value> {
        answer(line.as_bytes(), &mut echo).map(|r| serde_json::from_str(&r).expect("json"))
    }

    fn answered(line: &str) -> Value {
        reply(line).expect("answered")
    }

    #[test]
    fn every_malformed_line_is_answered_with_its_code() {
        assert_eq!(answered("{not json")["error"]["code"], PARSE_ERROR);
        assert_eq!(
            answered("{\"jsonrpc\":\"2.0\",\"id\":1,\"meth")["error"]["code"],
            PARSE_ERROR
        );
        let bytes = answer(b"\xff\xfe{}", &mut echo).expect("answered");
        assert!(bytes.contains("-32700"), "{bytes}");
        assert_eq!(answered("42")["error"]["code"], INVALID_REQUEST);
        assert_eq!(answered("[]")["error"]["code"], INVALID_REQUEST);
        let r = answered("{\"jsonrpc\":\"1.0\",\"id\":7,\"method\":\"x\"}");
        assert_eq!(
            (r["error"]["code"].clone(), r["id"].clone()),
            (json!(INVALID_REQUEST), json!(7))
        );
        assert_eq!(
            answered("{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"x\"}")["id"],
            Value::Null
        );
        assert_eq!(
            answered("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\",\"params\":3}")["error"]
                ["code"],
            INVALID_REQUEST
        );
        assert_eq!(
            answered("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"boom\"}")["error"]["code"],
            METHOD_NOT_FOUND
        );
    }

    #[test]
    fn notifications_and_blank_lines_get_no_reply_and_batches_one_each() {
        assert!(reply("").is_none() && reply("  \r\n").is_none());
        assert!(reply("{\"jsonrpc\":\"2.0\",\"method\":\"boom\"}").is_none());
        assert!(reply("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{}}").is_none());
        let r = reply("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\"},{\"jsonrpc\":\"2.0\",\"method\":\"n\"},5]")
            .expect("answered");
        assert_eq!(r.as_array().map(Vec::len), Some(2), "{r}");
        assert_eq!(r[0]["result"]["method"], "a");
        assert_eq!(r[1]["error"]["code"], INVALID_REQUEST);
    }
}
