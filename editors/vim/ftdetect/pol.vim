" .pol files are polc policies.
autocmd BufNewFile,BufRead *.pol setfiletype pol
