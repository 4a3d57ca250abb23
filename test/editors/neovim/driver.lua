-- Drives one editing session in headless Neovim against the synctemplate server, through the
-- configuration in $CONFIG (one of the README's snippets), and writes what happened as JSON to
-- $RESULT for test/editors/neovim.test.ts to check. Works on Neovim 0.7 (Debian 12) and newer.
local out = { version = tostring(vim.version().major) .. '.' .. tostring(vim.version().minor) .. '.' .. tostring(vim.version().patch) }
local TIMEOUT = 20000

local function finish(err)
  if err then out.error = tostring(err) end
  local f = assert(io.open(os.getenv('RESULT'), 'w'))
  f:write(vim.fn.json_encode(out))
  f:close()
  vim.cmd('qall!')
end

local function synctemplate_client(buf)
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  for _, c in pairs(get()) do
    if c.name == 'synctemplate' and vim.lsp.buf_is_attached(buf, c.id) then return c end
  end
end

local function wait(what, cond)
  if not vim.wait(TIMEOUT, cond, 50) then error('timed out waiting for ' .. what) end
end

-- The 0-based position of `needle` on the first line holding it, shifted by `shift` characters.
local function position_of(buf, needle, shift)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    local col = line:find(needle, 1, true)
    if col then return { line = i - 1, character = col - 1 + (shift or 0) } end
  end
  error('"' .. needle .. '" is not in the buffer')
end

local function request(buf, method, params)
  local responses, err = vim.lsp.buf_request_sync(buf, method, params, TIMEOUT)
  if not responses then error(method .. ': ' .. tostring(err)) end
  for _, response in pairs(responses) do
    if response.error then error(method .. ': ' .. vim.inspect(response.error)) end
    return response.result
  end
end

local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end

local function diagnostics(buf)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(list, { code = code_of(d), severity = d.severity, line = d.lnum, col = d.col, end_line = d.end_lnum, end_col = d.end_col, message = d.message, source = d.source })
  end
  return list
end

local function open(path)
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local buf = vim.api.nvim_get_current_buf()
  wait('the synctemplate server to attach to ' .. path, function()
    local c = synctemplate_client(buf)
    return c ~= nil and (c.initialized == true or (c.server_capabilities ~= nil and next(c.server_capabilities) ~= nil))
  end)
  return buf, synctemplate_client(buf)
end

local ok, err = pcall(function()
  dofile(os.getenv('CONFIG'))
  local buf, client = open(os.getenv('FILE'))
  out.filetype = vim.bo[buf].filetype
  local uri = vim.uri_from_bufnr(buf)

  -- Diagnostics (pushed: this Neovim does not pull), with their codes.
  wait('diagnostics', function() return #vim.diagnostic.get(buf) > 0 end)
  out.diagnostics = diagnostics(buf)

  -- Completion inside {{args.}}.
  local completion = request(buf, 'textDocument/completion', { textDocument = { uri = uri }, position = position_of(buf, '{{args.}}', 7) })
  out.completion = {}
  for _, item in ipairs(completion and (completion.items or completion) or {}) do table.insert(out.completion, item.label) end

  -- Hover on an argument inside a placeholder.
  local hover = request(buf, 'textDocument/hover', { textDocument = { uri = uri }, position = position_of(buf, '{{args.user_id}}', 9) })
  out.hover = hover and hover.contents and (hover.contents.value or vim.inspect(hover.contents)) or vim.NIL

  -- A quick fix, asked for the diagnostic as the editor holds it, and applied.
  local target
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if code_of(d) == 'unknown-arg' then target = d end
  end
  if not target then error('no unknown-arg diagnostic to fix') end
  local lsp_diagnostic = {
    range = { start = { line = target.lnum, character = target.col }, ['end'] = { line = target.end_lnum, character = target.end_col } },
    severity = target.severity, code = code_of(target), source = target.source, message = target.message,
  }
  local actions = request(buf, 'textDocument/codeAction', {
    textDocument = { uri = uri }, range = lsp_diagnostic.range, context = { diagnostics = { lsp_diagnostic } },
  }) or {}
  out.code_actions = {}
  local chosen
  for _, action in ipairs(actions) do
    table.insert(out.code_actions, action.title)
    if not chosen and action.edit and action.title:find('Change to', 1, true) then chosen = action end
  end
  if not chosen then error('no "Change to" quick fix among ' .. vim.inspect(out.code_actions)) end
  vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding or 'utf-16')
  out.after_fix_line = vim.api.nvim_buf_get_lines(buf, target.lnum, target.lnum + 1, false)[1]
  wait('the fixed diagnostic to go away', function()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if code_of(d) == 'unknown-arg' then return false end
    end
    return true
  end)
  out.diagnostics_after_fix = diagnostics(buf)

  -- Formatting a second file.
  local fbuf = open(os.getenv('FORMAT_FILE'))
  if vim.lsp.buf.format then
    vim.lsp.buf.format({ bufnr = fbuf, timeout_ms = TIMEOUT })
  else
    vim.lsp.buf.formatting_sync(nil, TIMEOUT)
  end
  out.formatted = table.concat(vim.api.nvim_buf_get_lines(fbuf, 0, -1, false), '\n')
end)
finish(not ok and err or nil)
