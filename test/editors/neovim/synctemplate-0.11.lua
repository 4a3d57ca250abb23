-- Neovim 0.11 or newer: vim.lsp.config + vim.lsp.enable.
vim.filetype.add({ pattern = { ['.*%.synctemplate%.json'] = 'synctemplate' } })
vim.lsp.config('synctemplate', {
  cmd = { 'node', '/path/to/synctemplate/dist/server.js', '--stdio' },
  filetypes = { 'synctemplate' },
  root_markers = { '.git' },
  settings = { synctemplate = { diagnostics = { ['unknown-arg'] = 'warning' } } },
})
vim.lsp.enable('synctemplate')
