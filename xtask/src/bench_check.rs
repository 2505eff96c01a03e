pub fn dispatch(_a: &[String]) -> Result<(), String> {
    Err("todo".into())
}
