-- Driven by scripts/try-nvim-lsp.sh: Neovim (0.7 or later) as a real LSP
-- client of `plans lsp`. Opens the plan given on the command line, waits for
-- the server's EP007 diagnostic, asks for the code actions on that line (or
-- on the line that reads PLANS_LINE), applies the one whose title starts
-- with PLANS_ACTION, and writes the buffer. Any failure ends Neovim with exit 1 and a line on stderr.
local function fail(msg)
  io.stderr:write("nvim-lsp.lua: " .. msg .. "\n")
  vim.cmd("cquit 1")
end

local bin = vim.env.PLANS_BIN
local want = vim.env.PLANS_ACTION or "Stamp"
if not bin or bin == "" then
  return fail("PLANS_BIN is not set")
end

local client = vim.lsp.start_client({
  name = "plans",
  cmd = { bin, "lsp" },
  root_dir = vim.fn.getcwd(),
})
if not client then
  return fail("the client did not start")
end
vim.lsp.buf_attach_client(0, client)

local function code_of(d)
  if d.code then
    return d.code
  end
  local lsp = d.user_data and d.user_data.lsp
  return lsp and lsp.code
end

local found
local ok = vim.wait(30000, function()
  for _, d in ipairs(vim.diagnostic.get(0)) do
    if code_of(d) == "EP007" then
      found = d
      return true
    end
  end
  return false
end, 50)
if not ok then
  return fail("no EP007 diagnostic within 30 s")
end
io.stderr:write(string.format("diagnostic: line %d %s: %s\n", found.lnum + 1, code_of(found), found.message:match("[^\n]*")))

local line = found.lnum
local wanted_line = vim.env.PLANS_LINE or ""
if wanted_line ~= "" then
  line = nil
  for i, text in ipairs(vim.api.nvim_buf_get_lines(0, 0, -1, false)) do
    if text == wanted_line then
      line = i - 1
    end
  end
  if not line then
    return fail("no line reads `" .. wanted_line .. "`")
  end
end
local params = {
  textDocument = { uri = vim.uri_from_bufnr(0) },
  range = {
    start = { line = line, character = 0 },
    ["end"] = { line = line, character = 0 },
  },
  context = { diagnostics = {} },
}
local results = vim.lsp.buf_request_sync(0, "textDocument/codeAction", params, 30000)
local chosen
for _, res in pairs(results or {}) do
  for _, action in ipairs(res.result or {}) do
    if not chosen and action.title:sub(1, #want) == want then
      chosen = action
    end
  end
end
if not chosen or not chosen.edit then
  return fail("no code action starting with `" .. want .. "`")
end
io.stderr:write("action: " .. chosen.title .. "\n")
vim.lsp.util.apply_workspace_edit(chosen.edit, "utf-16")
vim.cmd("write")
vim.lsp.stop_client(client)
vim.cmd("qall!")
