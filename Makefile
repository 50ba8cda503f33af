# assay — top-level build. Read top to bottom:
#   make            build build/assay (installs missing dependencies first)
#   make run        build, then lint corpus/ (or PATHS=...) and print gcc-style findings
#   make check      build and run every test (unit, corpus, end to end); SAN=1 for sanitizers
#   make bench      speed benchmarks (static pass, model engine, grammar), printed as figures
#   make eval       Juliet evaluation against cppcheck and flawfinder
#   make install PREFIX=/usr/local ; make clean
#
# Modules are libraries; every .c file in a module folder is part of it, so adding a
# file needs no Makefile change. Kernels with special instruction sets are chosen by
# file name: *_avx2.c gets AVX2/FMA/F16C flags, *_avx512.c gets AVX-512 flags; the
# code picks the path at run time.

PREFIX    ?= /usr/local
BUILD     ?= build
CC        ?= cc
OPT       ?= -O2
CSTD      := -std=gnu11
WARN      := -Wall -Wextra -Wno-unused-parameter -Wshadow -Wstrict-prototypes
LLVM_CFG  := /usr/lib/llvm-14/bin/llvm-config
DEPS_STAMP := $(BUILD)/deps/.installed
TS_C_DIR  := $(BUILD)/deps/tree-sitter-c

ifeq ($(SAN),1)
  OPT     := -O1 -fno-omit-frame-pointer
  SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined
  BUILD   := build-san
endif

CPPFLAGS  += -I. -I/usr/lib/llvm-14/include -I/usr/include/libxml2 -D_GNU_SOURCE
CFLAGS    += $(CSTD) $(OPT) -g $(WARN) $(SANFLAGS) -pthread -MMD -MP
LDFLAGS   += $(SANFLAGS) -pthread -L/usr/lib/llvm-14/lib -Wl,-rpath,/usr/lib/llvm-14/lib
LDLIBS    += -lclang -ltree-sitter -lpcre2-8 -lxml2 -lopenblas -ljansson -lsqlite3 \
             -lxxhash -lm -ldl

AVX2_FLAGS   := -mavx2 -mfma -mf16c
AVX512_FLAGS := -mavx512f -mavx512bw -mavx512vl -mavx512dq $(AVX2_FLAGS)

# ---- module sources -------------------------------------------------------------------
MODULES       := analyzer reporters slm grammar
DRIVER_SRC    := analyzer/main.c
analyzer_SRC  := $(filter-out $(DRIVER_SRC),$(wildcard analyzer/*.c))
reporters_SRC := $(wildcard reporters/*.c)
slm_SRC       := $(wildcard slm/*.c)
grammar_SRC   := $(wildcard grammar/*.c)

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))
LIBS := $(foreach m,$(MODULES),$(BUILD)/lib/libassay_$(m).a) $(BUILD)/lib/libts_c.a

# ---- tests ----------------------------------------------------------------------------
# tests/unit/test_*.c: one cmocka binary each, linked against every module library.
TEST_SRC  := $(wildcard tests/unit/test_*.c)
TEST_BINS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(TEST_SRC))
TEST_HELPER_SRC := $(wildcard tests/unit/helpers/*.c)

.PHONY: all run check bench eval install clean deps tests
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

define module_lib
$(BUILD)/lib/libassay_$(1).a: $(call obj,$($(1)_SRC))
	@mkdir -p $$(dir $$@)
	rm -f $$@ && ar rcs $$@ $$^
endef
$(foreach m,$(MODULES),$(eval $(call module_lib,$(m))))

LINK = $(CC) $(LDFLAGS) -o $@ $(1) -Wl,--start-group $(LIBS) -Wl,--end-group $(LDLIBS) $(2)

$(BUILD)/assay: $(call obj,$(DRIVER_SRC)) $(LIBS)
	$(call LINK,$(call obj,$(DRIVER_SRC)))

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(call obj,$(TEST_HELPER_SRC)) $(LIBS)
	@mkdir -p $(dir $@)
	$(call LINK,$< $(call obj,$(TEST_HELPER_SRC)),-lcmocka)

tests: $(BUILD)/assay $(TEST_BINS)

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

install: $(BUILD)/assay
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/assay/rules
	install -m 755 $(BUILD)/assay $(DESTDIR)$(PREFIX)/bin/assay
	cp -r rules/. $(DESTDIR)$(PREFIX)/share/assay/rules/

clean:
	rm -rf build/obj build/lib build/tests build/assay build-san

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
