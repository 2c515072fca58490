# polc — policy-as-code compiler.
#
#   make          install missing Debian packages (as root), build build/polc and
#                 every edition of policy-src/ into output/
#   make test     the same install step, then every test
#   make asan     the whole test suite under AddressSanitizer + UBSan
#   make leakcheck  the unit tests and the end-to-end tests under valgrind
#   make bench    speed and memory figures against cmark-gfm

CC      ?= cc
BUILD   ?= build
SRC     ?= policy-src
OUT     ?= output
PKGS     = libcmark-gfm jansson zlib nettle
# Opened when a command needs them (dlopen), not linked, so that the others do not pay
# for loading them (lib/dynlib.c): libgit2, libxml2, libxlsxwriter, libzip and libqpdf
# for git, Word, Excel, 法令標準XML and PDF. Their
# headers, and the file name (SONAME) of the library the headers belong to: that of the
# library the -dev package's lib*.so points to, in pkg-config's libdir or else where
# the compiler finds it.
GIT_PKG  = libgit2
DL_PKGS  = libzip xlsxwriter libxml-2.0
soname   = $(shell f="$$(pkg-config --variable=libdir $(2) 2>/dev/null)/$(1)"; \
             [ -e "$$f" ] || f="$$($(CC) -print-file-name=$(1))"; \
             objdump -p "$$f" 2>/dev/null | awk '/SONAME/ { print $$2 }')
QPDF_SONAME       := $(call soname,libqpdf.so,libqpdf)
GIT_SONAME        := $(call soname,libgit2.so,libgit2)
XML_SONAME        := $(call soname,libxml2.so,libxml-2.0)
XLSXWRITER_SONAME := $(call soname,libxlsxwriter.so,xlsxwriter)
ZIP_SONAME        := $(call soname,libzip.so,libzip)
DEBS     = flex bison pkg-config libcmark-gfm-dev libcmark-gfm-extensions-dev cmark-gfm libgit2-dev libcriterion-dev \
           libjansson-dev zlib1g-dev nettle-dev python3 python3-jsonschema python3-regex git valgrind chromium man-db groff-base fonts-noto-cjk clang libclang-rt-14-dev neovim \
           libzip-dev libxlsxwriter-dev libxml2-dev libxml2-utils unzip python3-openpyxl python3-docx \
           libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils qpdf libqpdf-dev
# node and npm run the TextMate grammar test (tests/e2e/lsp.sh): Debian's, unless an npm
# is installed already (a node from elsewhere brings its own and conflicts with Debian's npm).
DEBS_NODE = nodejs npm

CFLAGS  ?= -O2 -g
ALL_CFLAGS = $(CFLAGS) -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wno-unused-parameter \
           -Icompiler -I$(BUILD) $(shell pkg-config --cflags $(PKGS) $(GIT_PKG) $(DL_PKGS) libqpdf 2>/dev/null) \
           $(if $(QPDF_SONAME),-DPOL_QPDF_SONAME='"$(QPDF_SONAME)"') \
           $(if $(GIT_SONAME),-DPOL_GIT_SONAME='"$(GIT_SONAME)"') \
           $(if $(XML_SONAME),-DPOL_XML_SONAME='"$(XML_SONAME)"') \
           $(if $(XLSXWRITER_SONAME),-DPOL_XLSXWRITER_SONAME='"$(XLSXWRITER_SONAME)"') \
           $(if $(ZIP_SONAME),-DPOL_ZIP_SONAME='"$(ZIP_SONAME)"')
LIBS     = $(LDFLAGS) $(or $(shell pkg-config --libs $(PKGS) 2>/dev/null),-lcmark-gfm -lcmark-gfm-extensions -ljansson -lz -lnettle)
# A unit test that calls one of those libraries itself (test_xlsxread makes workbooks) links
# it; so do the fixture programs and the fuzz harnesses, which call libgit2 themselves.
DL_LIBS  = $(or $(shell pkg-config --libs $(DL_PKGS) 2>/dev/null),-lzip -lxlsxwriter -lxml2)
GIT_LIBS = $(or $(shell pkg-config --libs $(GIT_PKG) 2>/dev/null),-lgit2)

# compiler/ holds one folder per stage, in pipeline order (docs/design.md).
STAGES   = lib front model edition emit lsp cli
LIB_SRC  = $(filter-out compiler/cli/main.c,$(foreach s,$(STAGES),$(wildcard compiler/$(s)/*.c)))
HEADERS  = $(foreach s,$(STAGES),$(wildcard compiler/$(s)/*.h))
LIB_OBJ  = $(LIB_SRC:compiler/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/lexer.o $(BUILD)/obj/parser.o \
           $(BUILD)/obj/templates.o
TEMPLATES = $(sort $(wildcard templates/*.mustache templates/*.css templates/diff/*.mustache templates/diff/*.css))
TESTS    = $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_*.c))

.PHONY: all deps polc editions test unit e2e asan leakcheck bench clean format update-golden \
        install uninstall

all: deps
	@$(MAKE) --no-print-directory polc editions

# Install what is missing, only when we are root and apt-get exists; otherwise say what is missing.
deps:
	@missing=""; for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	command -v npm >/dev/null 2>&1 || missing="$$missing $(DEBS_NODE)"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
	  else echo "missing Debian packages:$$missing (run make as root, or install them)"; exit 1; fi; \
	fi

polc: $(BUILD)/polc

$(BUILD)/polc: $(BUILD)/obj/cli/main.o $(LIB_OBJ)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/parser.c $(BUILD)/parser.h &: grammar/parser.y | $(BUILD)
	bison -Wall -Werror -o $(BUILD)/parser.c --header=$(BUILD)/parser.h $<

$(BUILD)/lexer.c $(BUILD)/lexer.h &: grammar/lexer.l | $(BUILD)
	flex --outfile=$(BUILD)/lexer.c --header-file=$(BUILD)/lexer.h $<

$(BUILD)/obj/lexer.o: $(BUILD)/lexer.c $(BUILD)/parser.h $(HEADERS) | $(BUILD)/obj
	$(CC) $(ALL_CFLAGS) -Wno-sign-compare -Wno-unused-function -c -o $@ $<

$(BUILD)/obj/parser.o: $(BUILD)/parser.c $(BUILD)/lexer.h $(HEADERS) | $(BUILD)/obj
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/obj/%.o: compiler/%.c $(HEADERS) $(BUILD)/parser.h $(BUILD)/lexer.h | $(BUILD)/obj
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The default edition templates, compiled in: each file becomes a byte array (od, no xxd).
$(BUILD)/templates.c: $(TEMPLATES) Makefile | $(BUILD)
	@set -e; i=0; { \
	  printf '/* templates.c: generated by the Makefile from templates/; do not edit. */\n'; \
	  printf '#include "emit/render.h"\n\n'; \
	  for f in $(TEMPLATES); do \
	    set -- $$(od -An -v -to1 "$$f"); \
	    printf 'static const unsigned char S_t%d[] = {' $$i; printf '0%s,' "$$@"; printf '0};\n'; \
	    printf 'enum { S_n%d = %d };\n' $$i $$#; i=$$((i + 1)); \
	  done; \
	  printf '\nconst pol_embedded_file pol_embedded_templates[] = {\n'; i=0; \
	  for f in $(TEMPLATES); do printf '\t{"%s", S_t%d, S_n%d},\n' "$${f##*/}" $$i $$i; i=$$((i + 1)); done; \
	  printf '\t{0, 0, 0},\n};\n'; \
	} > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/templates.o: $(BUILD)/templates.c compiler/emit/render.h | $(BUILD)/obj
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD) $(BUILD)/obj $(BUILD)/tests:
	mkdir -p $@

# Every edition: public, internal, and the hand-out for 委託事業者, in every format
# (all: HTML, Markdown, PDF; docs/print.md).
AUDIENCE ?= contractor
FORMATS  ?= all
editions: $(BUILD)/polc
	$(BUILD)/polc build $(SRC) -o $(OUT) --edition all --audience $(AUDIENCE) --format $(FORMATS)

$(BUILD)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(LIB_OBJ) | $(BUILD)/tests
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(LIB_OBJ) $(LIBS) $(TEST_LIBS) -lcriterion

$(BUILD)/tests/test_xlsxread: TEST_LIBS = $(DL_LIBS)

unit: $(TESTS)
	@set -e; for t in $(TESTS); do echo "== $$t"; $$t --jobs 2; done

# The fixture git repository of tests/e2e/git.sh is built by this program (libgit2 only).
$(BUILD)/mkfixture: tests/fixture/mkfixture.c | $(BUILD)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIBS) $(GIT_LIBS)

# The amendment fixture of tests/e2e/diff.sh: one commit per kind of amendment.
$(BUILD)/mkamend: tests/fixture/mkamend.c | $(BUILD)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIBS) $(GIT_LIBS)

# The grammar test's node packages (vscode-textmate, vscode-oniguruma), as locked in
# tests/e2e/lsp-grammar/, installed with npm ci into $(BUILD)/node.
NODE_DIR = $(BUILD)/node
$(NODE_DIR)/node_modules/.installed: tests/e2e/lsp-grammar/package.json tests/e2e/lsp-grammar/package-lock.json
	@mkdir -p $(NODE_DIR) && cp $^ $(NODE_DIR)/
	cd $(NODE_DIR) && npm ci --no-audit --no-fund --loglevel=error >/dev/null
	@touch $@

# The OSCAL validator's node packages (ajv 8, ajv-formats), as locked in tests/oscal/,
# installed with npm ci into $(BUILD)/node-oscal.
OSCAL_NODE_DIR = $(BUILD)/node-oscal
$(OSCAL_NODE_DIR)/node_modules/.installed: tests/oscal/package.json tests/oscal/package-lock.json
	@mkdir -p $(OSCAL_NODE_DIR) && cp $^ $(OSCAL_NODE_DIR)/
	cd $(OSCAL_NODE_DIR) && npm ci --no-audit --no-fund --loglevel=error >/dev/null
	@touch $@

e2e: $(BUILD)/polc $(BUILD)/mkfixture $(BUILD)/mkamend $(NODE_DIR)/node_modules/.installed $(OSCAL_NODE_DIR)/node_modules/.installed
	@POLC=$(BUILD)/polc BUILD=$(BUILD) sh tests/run.sh

test: deps
	@$(MAKE) --no-print-directory polc $(TESTS)
	@$(MAKE) --no-print-directory unit e2e

asan: deps
	@$(MAKE) --no-print-directory BUILD=build/asan \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  LDFLAGS="-fsanitize=address,undefined" polc unit e2e

VALGRIND = valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=99
leakcheck: polc $(TESTS) $(BUILD)/mkfixture $(BUILD)/mkamend $(NODE_DIR)/node_modules/.installed $(OSCAL_NODE_DIR)/node_modules/.installed
	@set -e; for t in $(TESTS); do echo "== valgrind $$t"; $(VALGRIND) --trace-children=yes $$t --jobs 1; done
	@POLC="$(VALGRIND) $(BUILD)/polc" BUILD=$(BUILD) sh tests/run.sh

bench: polc
	@python3 tests/bench/bench.py $(BUILD)/polc

# libFuzzer harnesses (tests/fuzz/, see tests/README.md): the library built again with
# clang under ASan+UBSan in build/fuzz, one binary per tests/fuzz/fuzz_NAME.c.
#   make fuzz        run each harness for FUZZ_SECONDS (FUZZ=NAME... for some only);
#                    fails on a crash, a leak or a timeout, keeping the reproducer
#   make fuzz-smoke  each harness over its seed corpus, then a short fixed-seed run
FUZZ_BUILD   = build/fuzz
FUZZ_SECONDS ?= 10
FUZZ_CFLAGS  = -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
               -fno-sanitize-recover=all
FUZZERS  = $(patsubst tests/fuzz/%.c,$(BUILD)/%,$(wildcard tests/fuzz/fuzz_*.c))

.PHONY: fuzz fuzz-smoke fuzz-build fuzzers
fuzz-build: deps
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=clang CFLAGS="$(FUZZ_CFLAGS)" \
	  LDFLAGS="-fsanitize=address,undefined" fuzzers

fuzzers: $(FUZZERS)

$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(LIB_OBJ) | $(BUILD)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -DPOL_FUZZ_ROOT='"$(CURDIR)"' -o $@ $< $(LIB_OBJ) $(LIBS) $(GIT_LIBS)

fuzz: fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run.sh fuzz $(FUZZ_BUILD)

fuzz-smoke: fuzz-build
	@sh tests/fuzz/run.sh smoke $(FUZZ_BUILD)

update-golden: polc
	@POLC=$(BUILD)/polc BUILD=$(BUILD) UPDATE_GOLDEN=1 sh tests/run.sh

# make install PREFIX=/usr/local DESTDIR=: the binary, polc(1), the bash completion,
# the documentation and, when editors/ exists, the editor files under share/polc/.
# make uninstall removes what install put there (same PREFIX and DESTDIR).
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share
MANDIR  ?= $(DATADIR)/man
DOCS     = README.md $(wildcard docs/*.md docs/*.json)
EDITOR_FILES = $(shell [ -d editors ] && find editors -type f ! -path '*/node_modules/*' | sort)

install: $(BUILD)/polc
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	  $(DESTDIR)$(DATADIR)/bash-completion/completions $(DESTDIR)$(DATADIR)/doc/polc
	install -m 755 $(BUILD)/polc $(DESTDIR)$(BINDIR)/polc
	install -m 644 docs/polc.1 $(DESTDIR)$(MANDIR)/man1/polc.1
	install -m 644 completion/polc.bash $(DESTDIR)$(DATADIR)/bash-completion/completions/polc
	install -m 644 $(DOCS) $(DESTDIR)$(DATADIR)/doc/polc/
	@set -e; for f in $(EDITOR_FILES); do \
	  echo "install -D -m 644 $$f $(DESTDIR)$(DATADIR)/polc/$$f"; \
	  install -D -m 644 "$$f" "$(DESTDIR)$(DATADIR)/polc/$$f"; \
	done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/polc $(DESTDIR)$(MANDIR)/man1/polc.1 \
	  $(DESTDIR)$(DATADIR)/bash-completion/completions/polc
	rm -rf $(DESTDIR)$(DATADIR)/doc/polc $(DESTDIR)$(DATADIR)/polc

format:
	clang-format -i $(LIB_SRC) compiler/cli/main.c $(HEADERS) tests/unit/*.c

clean:
	rm -rf build
	find $(OUT) -mindepth 1 ! -name README.md -exec rm -rf {} +
