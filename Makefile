# SPDX-License-Identifier: GPL-2.0
# Guest-private pages: apply, build, boot and test the series.  See README.md.

SCRIPTS := $(CURDIR)/scripts

.PHONY: help demo test quick bench tree export kernel selftests lint matrix clean distclean

help:
	@echo "make demo       build the patched kernel, boot it, show KVM's private-memory capabilities"
	@echo "make test       the full test run: every baseline KVM selftest plus the series' own"
	@echo "make quick      the edit-build-test loop: the series' tests plus a smoke subset"
	@echo "make bench      benchmark anonymous, guest_memfd and in-place private memory in one"
	@echo "                boot of a kernel without debugging; table and chart in results/"
	@echo "make tree       create build/linux (base commit + series) if it does not exist"
	@echo "make export     write build/linux back into patches/"
	@echo "make kernel     (re)build bzImage from build/linux"
	@echo "make selftests  (re)build the KVM selftests from build/linux"
	@echo "make lint       the series' quality gates (checkpatch, sparse, W=1, coccinelle, bisect, docs);"
	@echo "                GATES=\"coccinelle docs\" runs only those"
	@echo "make matrix     build the touched directories in six configurations"
	@echo "make clean      remove build outputs but keep build/linux"
	@echo "make distclean  remove build/ entirely (your unexported edits too)"

demo:
	@$(SCRIPTS)/demo.sh

test:
	@$(SCRIPTS)/test.sh

quick:
	@$(SCRIPTS)/test.sh --quick

bench:
	@$(SCRIPTS)/bench.sh

tree:
	@$(SCRIPTS)/deps.sh
	@$(SCRIPTS)/tree.sh

export:
	@$(SCRIPTS)/export.sh

kernel:
	@$(SCRIPTS)/build-kernel.sh

selftests:
	@$(SCRIPTS)/build-selftests.sh

lint:
	@$(SCRIPTS)/deps.sh
	@$(SCRIPTS)/tree.sh
	@$(SCRIPTS)/lint.sh $(GATES)

matrix:
	@$(SCRIPTS)/matrix.sh

clean:
	rm -rf build/obj build/obj-debug build/obj-bench build/selftests build/initramfs build/initramfs.cpio.gz build/plan* \
		build/lint* build/matrix

distclean:
	rm -rf build
