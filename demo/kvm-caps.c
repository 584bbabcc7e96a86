// SPDX-License-Identifier: GPL-2.0
/*
 * Print what KVM offers for private guest memory: the capabilities that
 * 6.12 has for it, asked of /dev/kvm and of VMs of each type that can be
 * created, and every capability newer than 6.12 that the kernel reports.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/kvm.h>

#define LAST_6_12_CAP	KVM_CAP_X86_GUEST_MODE

static const struct {
	int cap;
	const char *name;
	const char *meaning;
} caps[] = {
	{ KVM_CAP_USER_MEMORY2, "KVM_CAP_USER_MEMORY2", "KVM_SET_USER_MEMORY_REGION2" },
	{ KVM_CAP_MEMORY_ATTRIBUTES, "KVM_CAP_MEMORY_ATTRIBUTES", "mask; 8 = PRIVATE" },
	{ KVM_CAP_GUEST_MEMFD, "KVM_CAP_GUEST_MEMFD", "KVM_CREATE_GUEST_MEMFD" },
	{ KVM_CAP_VM_TYPES, "KVM_CAP_VM_TYPES", "mask of 1 << VM type" },
	{ KVM_CAP_EXIT_HYPERCALL, "KVM_CAP_EXIT_HYPERCALL", "mask; 4096 = MAP_GPA_RANGE" },
	{ KVM_CAP_PRE_FAULT_MEMORY, "KVM_CAP_PRE_FAULT_MEMORY", "KVM_PRE_FAULT_MEMORY" },
#ifdef KVM_CAP_GUEST_PRIVATE_PAGES
	{ KVM_CAP_GUEST_PRIVATE_PAGES, "KVM_CAP_GUEST_PRIVATE_PAGES", "KVM_MEM_GUEST_PRIVATE" },
#endif
	{ KVM_CAP_NR_MEMSLOTS, "KVM_CAP_NR_MEMSLOTS", "memslots per address space" },
	{ KVM_CAP_MAX_VCPUS, "KVM_CAP_MAX_VCPUS", "vCPUs per VM" },
};

static const struct {
	unsigned long type;
	const char *name;
} vm_types[] = {
	{ KVM_X86_DEFAULT_VM, "default" },
	{ KVM_X86_SW_PROTECTED_VM, "sw_protected" },
};

#define NR_VM_TYPES	(sizeof(vm_types) / sizeof(vm_types[0]))

static void print_row(int kvm, const int *vms, int cap, const char *name,
		      const char *meaning)
{
	unsigned int i;

	printf("%-28s %4d %8d", name, cap, ioctl(kvm, KVM_CHECK_EXTENSION, cap));
	for (i = 0; i < NR_VM_TYPES; i++) {
		if (vms[i] < 0)
			printf(" %12s", "-");
		else
			printf(" %12d", ioctl(vms[i], KVM_CHECK_EXTENSION, cap));
	}
	printf("  %s\n", meaning);
}

int main(void)
{
	int vms[NR_VM_TYPES];
	unsigned int i;
	int kvm, cap, newer = 0;

	kvm = open("/dev/kvm", O_RDWR);
	if (kvm < 0) {
		fprintf(stderr, "kvm-caps: /dev/kvm: %s\n", strerror(errno));
		return 1;
	}
	printf("KVM API version %d\n", ioctl(kvm, KVM_GET_API_VERSION, 0));

	for (i = 0; i < NR_VM_TYPES; i++) {
		vms[i] = ioctl(kvm, KVM_CREATE_VM, vm_types[i].type);
		if (vms[i] < 0)
			printf("VM type %s: KVM_CREATE_VM: %s\n",
			       vm_types[i].name, strerror(errno));
	}

	printf("\n%-28s %4s %8s", "capability", "nr", "system");
	for (i = 0; i < NR_VM_TYPES; i++)
		printf(" %12s", vm_types[i].name);
	printf("  %s\n", "value");
	for (i = 0; i < sizeof(caps) / sizeof(caps[0]); i++)
		print_row(kvm, vms, caps[i].cap, caps[i].name, caps[i].meaning);

	/* Capabilities added after 6.12, such as the ones of this series. */
	for (cap = LAST_6_12_CAP + 1; cap < LAST_6_12_CAP + 64; cap++) {
		char name[32];
		size_t j;

		for (j = 0; j < sizeof(caps) / sizeof(caps[0]); j++)
			if (caps[j].cap == cap)
				break;
		if (j < sizeof(caps) / sizeof(caps[0]) ||
		    ioctl(kvm, KVM_CHECK_EXTENSION, cap) <= 0)
			continue;
		snprintf(name, sizeof(name), "(newer than 6.12) #%d", cap);
		print_row(kvm, vms, cap, name, "");
		newer++;
	}
	if (!newer)
		printf("%-28s none\n", "(newer than 6.12)");

	return 0;
}
