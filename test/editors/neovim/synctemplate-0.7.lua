-- Neovim 0.7 or newer (Debian 12's 0.7.2 included): no plugins needed.
local synctemplate_client
vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, {
  pattern = '*.synctemplate.json',
  callback = function(args)
    vim.bo[args.buf].filetype = 'synctemplate'
    synctemplate_client = synctemplate_client or vim.lsp.start_client({
      name = 'synctemplate',
      cmd = { 'node', '/path/to/synctemplate/dist/server.js', '--stdio' },
      root_dir = vim.fn.getcwd(),
      -- The server asks for these through workspace/configuration (section "synctemplate"), which
      -- Neovim answers but before 0.8 does not announce: say so, or the settings are never read.
      capabilities = vim.tbl_deep_extend('force', vim.lsp.protocol.make_client_capabilities(), { workspace = { configuration = true } }),
      settings = { synctemplate = { diagnostics = { ['unknown-arg'] = 'warning' } } },
    })
    vim.lsp.buf_attach_client(args.buf, synctemplate_client)
  end,
})
