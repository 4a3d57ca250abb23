-- Neovim 0.10 or newer: vim.lsp.start reuses one server per root.
vim.filetype.add({ pattern = { ['.*%.synctemplate%.json'] = 'synctemplate' } })
vim.api.nvim_create_autocmd('FileType', {
  pattern = 'synctemplate',
  callback = function(args)
    vim.lsp.start({
      name = 'synctemplate',
      cmd = { 'node', '/path/to/synctemplate/dist/server.js', '--stdio' },
      root_dir = vim.fs.root(args.buf, { '.git' }) or vim.fn.getcwd(),
      settings = { synctemplate = { diagnostics = { ['unknown-arg'] = 'warning' } } },
    })
  end,
})
