# assay — top-level build. Read top to bottom:
#   make            build build/assay (installs missing dependencies first)
#   make run        build, then lint corpus/ (or PATHS=...) and print gcc-style findings
#   make check      build and run every test (unit, corpus, end to end); SAN=1 for sanitizers
#   make bench      speed benchmarks (static pass, model engine, grammar), printed as figures
#   make eval       Juliet evaluation against cppcheck and flawfinder
#   make realcode   the real-code regression harness (Debian source packages; not in check)
#   make fuzz       libFuzzer harnesses (tests/fuzz/), each run FUZZ_SECONDS with its seeds
#   make install PREFIX=/usr/local ; make clean
#
# Each room (folder) is a static library; every .c file in a room's folder (and its
# sub-folders) is part of it, so adding a file needs no Makefile change. Rooms are layered:
# LAYERS lists them from the top (the command line) to the bottom (the core), and each
# room's uses_<room> says which rooms below it it may call. Binaries and tests are linked
# in LAYERS order without --start-group, and only with the rooms they use, so a call from
# a lower room up into a higher one fails to link. Kernels with special instruction sets are
# chosen by file name: *_avx2.c gets AVX2/FMA/F16C flags, *_avx512.c gets AVX-512 flags;
# the code picks the path at run time.

PREFIX    ?= /usr/local
BUILD     ?= build
CC        ?= cc
OPT       ?= -O2
CSTD      := -std=gnu11
WARN      := -Wall -Wextra -Wno-unused-parameter -Wshadow -Wstrict-prototypes
DEPS_STAMP := $(BUILD)/deps/.installed
TS_C_DIR  := $(BUILD)/deps/tree-sitter-c

ifeq ($(SAN),1)
  OPT     := -O1 -fno-omit-frame-pointer
  SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined
  BUILD   := build-san
endif

# FUZZ=1 (set by `make fuzz`): clang with libFuzzer's coverage hooks and ASan+UBSan in every
# room, into build-fuzz/; the harnesses (tests/fuzz/fuzz_*.c) link libFuzzer's main.
ifeq ($(FUZZ),1)
  CC      := clang
  OPT     := -O1 -fno-omit-frame-pointer
  SANFLAGS := -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
  BUILD   := build-fuzz
endif

CPPFLAGS  += -I. -I/usr/lib/llvm-14/include -I/usr/include/libxml2 -D_GNU_SOURCE
CFLAGS    += $(CSTD) $(OPT) -g $(WARN) $(SANFLAGS) -pthread -MMD -MP
LDFLAGS   += $(SANFLAGS) -pthread -L/usr/lib/llvm-14/lib -Wl,-rpath,/usr/lib/llvm-14/lib

AVX2_FLAGS   := -mavx2 -mfma -mf16c
AVX512_FLAGS := -mavx512f -mavx512bw -mavx512vl -mavx512dq $(AVX2_FLAGS)

# ---- rooms, top to bottom -------------------------------------------------------------
LAYERS := cli audit review fix lint syntax clang suppress rules query reporters grammar slm core

dir_cli       := cli                 # main, option parsing, one file per subcommand
dir_audit     := audit               # batch audits: the audit store, its runs and its HTML report
dir_review    := review              # the model reviews candidates (slm + grammar + analyzer)
dir_fix       := analyzer/fix        # fixes: applied in memory, verified by re-linting, written atomically
dir_lint      := analyzer/lint       # file discovery, running a lint, merging the engines' findings
dir_syntax    := analyzer/syntax     # the syntactic pass: runs the rule pack's queries over a file
dir_clang     := analyzer/clang      # the libclang front end; its path engine is clang/paths/
dir_suppress  := analyzer/suppress   # suppressions in comments, fingerprints, baselines
dir_rules     := analyzer/rules      # rule files and the rule pack
dir_query     := analyzer/query      # tree-sitter helpers and the predicates queries may use
dir_reporters := reporters           # gcc-style, SARIF, JUnit, JSON, Code Quality
dir_grammar   := grammar             # grammar-constrained decoding
dir_slm       := slm                 # the model engine
dir_core      := core                # the candidate, rule metadata, notices, atomic files

uses_core      :=
uses_slm       := core
uses_grammar   := core
uses_reporters := core
uses_query     := core
uses_rules     := query core
uses_suppress  := core
uses_clang     := rules query core
uses_syntax    := rules query core
uses_lint      := syntax clang suppress rules query core
uses_fix       := lint syntax clang suppress rules query core
uses_audit     := fix lint syntax clang suppress rules query reporters core
uses_review    := fix lint syntax clang suppress rules query reporters grammar slm core
uses_cli       := audit review fix lint syntax clang suppress rules query reporters grammar slm core

# The system libraries each room needs (the tree-sitter C grammar is built below).
ext_core      := -lxxhash
ext_slm       := -lopenblas -lpcre2-8
ext_grammar   := -ljansson -lxxhash
ext_reporters := -ljansson -lxml2
ext_query     := $(BUILD)/lib/libts_c.a -ltree-sitter -lpcre2-8
ext_rules     := -ltree-sitter -lyaml
ext_clang     := -lclang -ljansson
ext_suppress  := -ljansson -lxxhash
ext_review    := -ljansson -lyaml -lz
ext_lint      := -lsqlite3 -lxxhash
ext_audit     := -lsqlite3 -ljansson
TEST_LDLIBS   := -lcmocka -ljansson -lxml2 -lpcre2-8

room_src = $(sort $(shell find $(strip $(dir_$(1))) -name '*.c' 2>/dev/null))
room_lib = $(BUILD)/lib/libassay_$(1).a
obj      = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))
ROOMS_WITH_CODE := $(foreach r,$(LAYERS),$(if $(call room_src,$(r)),$(r)))

# closure of rooms, in link order: $(call closure,lint reporters)
closure  = $(filter $(sort $(1) $(foreach r,$(1),$(uses_$(r)))),$(ROOMS_WITH_CODE))
link_libs = $(foreach r,$(call closure,$(1)),$(call room_lib,$(r))) \
            $(sort $(foreach r,$(call closure,$(1)),$(ext_$(r)))) -lm -ldl

# The rooms a source file uses, read from its #include "room/..." lines
# ("analyzer/clang/x.h" is room clang, "slm/x.h" room slm).
file_includes = $(shell sed -n 's/^[[:space:]]*\#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' $(1))
header_room   = $(if $(filter analyzer,$(word 1,$(subst /, ,$(1)))),$(word 2,$(subst /, ,$(1))),$(word 1,$(subst /, ,$(1))))
file_rooms    = $(filter $(LAYERS),$(foreach h,$(call file_includes,$(1)),$(call header_room,$(h))))
# test helpers a file includes: their headers, and the .c files that go with them
helper_headers = $(filter tests/unit/helpers/%,$(call file_includes,$(1)))
file_helpers   = $(filter $(wildcard tests/unit/helpers/*.c),$(patsubst %.h,%.c,$(call helper_headers,$(1))))

.PHONY: all run check bench eval realcode install clean deps tests fuzz fuzz-build
.SECONDARY:
all: $(BUILD)/assay

deps: $(DEPS_STAMP)
$(DEPS_STAMP): scripts/install-deps.sh
	bash scripts/install-deps.sh
	@mkdir -p $(dir $@) && touch $@

$(TS_C_DIR)/src/parser.c: $(DEPS_STAMP)

# The tree-sitter C grammar (fetched from npm, never committed), compiled as its own library.
$(BUILD)/obj/ts_c/parser.o: $(TS_C_DIR)/src/parser.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -O2 -g0 -w -I$(TS_C_DIR)/src -c $< -o $@
$(BUILD)/lib/libts_c.a: $(BUILD)/obj/ts_c/parser.o
	@mkdir -p $(dir $@)
	ar rcs $@ $^

$(BUILD)/obj/%_avx2.o: %_avx2.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(AVX2_FLAGS) -c $< -o $@
$(BUILD)/obj/%_avx512.o: %_avx512.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(AVX512_FLAGS) -c $< -o $@
$(BUILD)/obj/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

# the audit report's page template is assembled into its object (.incbin)
$(BUILD)/obj/audit/audit_report_template.o: audit/audit_report.html

define room_rule
$(call room_lib,$(1)): $(call obj,$(call room_src,$(1)))
	@mkdir -p $$(dir $$@)
	rm -f $$@ && ar rcs $$@ $$^
endef
$(foreach r,$(ROOMS_WITH_CODE),$(eval $(call room_rule,$(r))))
ALL_LIBS := $(foreach r,$(ROOMS_WITH_CODE),$(call room_lib,$(r))) $(BUILD)/lib/libts_c.a

# The binary: cli/main.c with every room the command line uses.
$(BUILD)/assay: $(ALL_LIBS)
	$(CC) $(LDFLAGS) -o $@ $(call link_libs,cli)

# ---- tests ----------------------------------------------------------------------------
# tests/unit/test_*.c: one cmocka binary each, linked with the rooms (and the helpers in
# tests/unit/helpers/) that its #include lines name, and nothing else.
TEST_SRC  := $(wildcard tests/unit/test_*.c)
TEST_BINS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(TEST_SRC))

define test_rule
$(BUILD)/tests/$(1): $(BUILD)/obj/tests/unit/$(1).o $(call obj,$(2)) $(ALL_LIBS)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(LDFLAGS) -o $$@ $$< $(call obj,$(2)) $(call link_libs,$(sort $(foreach f,tests/unit/$(1).c $(2) $(call helper_headers,tests/unit/$(1).c),$(call file_rooms,$(f))))) $(TEST_LDLIBS)
endef
$(foreach t,$(TEST_SRC),$(eval $(call test_rule,$(basename $(notdir $(t))),$(call file_helpers,$(t)))))

# bench/*.c: helper programs of the benchmark scripts, linked the same way.
$(BUILD)/bench/%: $(BUILD)/obj/bench/%.o $(ALL_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $< $(call link_libs,$(call file_rooms,bench/$*.c))

tests: $(BUILD)/assay $(TEST_BINS)

# ---- fuzzing --------------------------------------------------------------------------
# tests/fuzz/fuzz_*.c: one libFuzzer harness each, linked like a test (only the rooms its
# #include lines name) plus -fsanitize=fuzzer. `make fuzz FUZZ_SECONDS=N` builds them with
# FUZZ=1 and runs each for N seconds from its seeds (tests/fuzz/seeds.sh), growing the
# corpora in build-fuzz/fuzz-corpus/<name>; it fails naming the harness and the reproducer
# on a crash, a sanitizer report, a leak or a timeout.
FUZZ_SRC     := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS    := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(FUZZ_SRC))
FUZZ_SECONDS ?= 60
FUZZ_ONLY    ?=

$(BUILD)/fuzz/%: $(BUILD)/obj/tests/fuzz/%.o $(ALL_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -fsanitize=fuzzer -o $@ $< $(call link_libs,$(call file_rooms,tests/fuzz/$*.c))

# the program that writes fuzz_gguf's seed models (tests/fuzz/seeds.sh): a plain main
$(BUILD)/fuzz/gguf_seeds: $(BUILD)/obj/tests/fuzz/gguf_seeds.o $(ALL_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $< $(call link_libs,$(call file_rooms,tests/fuzz/gguf_seeds.c))

fuzz-build: $(FUZZ_BINS) $(BUILD)/fuzz/gguf_seeds $(BUILD)/assay

ifeq ($(FUZZ),1)
fuzz: fuzz-build
	BUILD=$(BUILD) FUZZ_SECONDS=$(FUZZ_SECONDS) bash tests/fuzz/run.sh $(FUZZ_ONLY)
else
fuzz:
	$(MAKE) FUZZ=1 fuzz
endif

# ---- user-facing targets --------------------------------------------------------------
PATHS ?= corpus/
run: $(BUILD)/assay
	$(BUILD)/assay --fail-on=none $(PATHS)

check: tests
	BUILD=$(BUILD) bash tests/run-all.sh

bench: $(BUILD)/assay
	BUILD=$(BUILD) bash bench/run-all.sh

eval: $(BUILD)/assay
	BUILD=$(BUILD) bash bench/juliet-eval.sh

realcode: $(BUILD)/assay
	BUILD=$(BUILD) bash bench/realcode.sh

install: $(BUILD)/assay
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/assay/rules $(DESTDIR)$(PREFIX)/share/assay/corpus
	install -m 755 $(BUILD)/assay $(DESTDIR)$(PREFIX)/bin/assay
	cp -r rules/. $(DESTDIR)$(PREFIX)/share/assay/rules/
	cp -r corpus/. $(DESTDIR)$(PREFIX)/share/assay/corpus/  # assay --explain shows its cases

clean:
	rm -rf $(BUILD)/obj $(BUILD)/lib $(BUILD)/tests $(BUILD)/bench $(BUILD)/assay

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
