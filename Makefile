# polc — policy-as-code compiler.
#
#   make          install missing Debian packages (as root), build build/polc and
#                 every edition of policy-src/ into output/
#   make test     the same install step, then every test
#   make asan     the whole test suite under AddressSanitizer + UBSan
#   make leakcheck  the unit tests and an edition build under valgrind
#   make bench    speed and memory figures against cmark

CC      ?= cc
BUILD   ?= build
SRC     ?= policy-src
OUT     ?= output
PKGS     = libcmark libgit2 jansson
DEBS     = flex bison pkg-config libcmark-dev cmark libgit2-dev libcriterion-dev \
           libjansson-dev python3 python3-jsonschema git valgrind

CFLAGS  ?= -O2 -g
ALL_CFLAGS = $(CFLAGS) -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wno-unused-parameter \
           -Icompiler -I$(BUILD) $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS     = $(LDFLAGS) $(or $(shell pkg-config --libs $(PKGS) 2>/dev/null),-lcmark -lgit2 -ljansson)

LIB_SRC  = $(filter-out compiler/main.c,$(wildcard compiler/*.c))
LIB_OBJ  = $(LIB_SRC:compiler/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/lexer.o $(BUILD)/obj/parser.o
TESTS    = $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_*.c))

.PHONY: all deps polc editions test unit e2e asan leakcheck bench clean format update-golden

all: deps
	@$(MAKE) --no-print-directory polc editions

# Install what is missing, only when we are root and apt-get exists; otherwise say what is missing.
deps:
	@missing=""; for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
	  else echo "missing Debian packages:$$missing (run make as root, or install them)"; exit 1; fi; \
	fi

polc: $(BUILD)/polc

$(BUILD)/polc: $(BUILD)/obj/main.o $(LIB_OBJ)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/parser.c $(BUILD)/parser.h: grammar/parser.y | $(BUILD)
	bison -Wall -Werror -o $(BUILD)/parser.c --header=$(BUILD)/parser.h $<

$(BUILD)/lexer.c $(BUILD)/lexer.h: grammar/lexer.l | $(BUILD)
	flex --outfile=$(BUILD)/lexer.c --header-file=$(BUILD)/lexer.h $<

$(BUILD)/obj/lexer.o: $(BUILD)/lexer.c $(BUILD)/parser.h | $(BUILD)/obj
	$(CC) $(ALL_CFLAGS) -Wno-sign-compare -Wno-unused-function -c -o $@ $<

$(BUILD)/obj/parser.o: $(BUILD)/parser.c $(BUILD)/lexer.h | $(BUILD)/obj
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/obj/%.o: compiler/%.c $(wildcard compiler/*.h) $(BUILD)/parser.h $(BUILD)/lexer.h | $(BUILD)/obj
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD) $(BUILD)/obj $(BUILD)/tests:
	mkdir -p $@

editions: $(BUILD)/polc
	$(BUILD)/polc build $(SRC) -o $(OUT) --edition all

$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJ) | $(BUILD)/tests
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(LIB_OBJ) $(LIBS) -lcriterion

unit: $(TESTS)
	@set -e; for t in $(TESTS); do echo "== $$t"; $$t --jobs 2; done

e2e: $(BUILD)/polc
	@POLC=$(BUILD)/polc BUILD=$(BUILD) sh tests/run.sh

test: deps
	@$(MAKE) --no-print-directory polc $(TESTS)
	@$(MAKE) --no-print-directory unit e2e

asan: deps
	@$(MAKE) --no-print-directory BUILD=build/asan \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  LDFLAGS="-fsanitize=address,undefined" polc unit e2e

leakcheck: polc $(TESTS)
	@POLC="valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=99 $(BUILD)/polc" \
	  BUILD=$(BUILD) sh tests/run.sh

bench: polc
	@python3 tests/bench/bench.py $(BUILD)/polc

update-golden: polc
	@POLC=$(BUILD)/polc BUILD=$(BUILD) UPDATE_GOLDEN=1 sh tests/run.sh

format:
	clang-format -i compiler/*.c compiler/*.h tests/unit/*.c

clean:
	rm -rf build
	find $(OUT) -mindepth 1 ! -name README.md -exec rm -rf {} +
