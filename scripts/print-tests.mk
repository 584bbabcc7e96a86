# SPDX-License-Identifier: GPL-2.0
# Appended to the KVM selftests Makefile to print the programs it builds.
print-tests:
	@echo $(TEST_GEN_PROGS)
