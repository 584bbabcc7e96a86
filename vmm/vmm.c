// SPDX-License-Identifier: GPL-2.0
/*
 * vmm.c - a small reference VMM that boots Linux on guest-private memory.
 *
 * It boots a Linux bzImage and an initramfs in a KVM_X86_SW_PROTECTED_VM
 * whose only memory is one in-place private memslot (KVM_MEM_GUEST_PRIVATE):
 * ordinary anonymous memory that the VMM mapped, filled with the kernel and
 * then gave to the guest with KVM_SET_MEMORY_ATTRIBUTES.  The guest's /init
 * makes up a secret, keeps it in its memory, prints it and powers off.  The
 * VMM then shows, one line each, that host userspace cannot read the guest's
 * memory, and that converting it back to shared gives the VMM the same pages
 * with the guest's data in them.
 *
 * It is written as the example for VMM authors: plain KVM ioctls, one short
 * function per step, no selftest library.  It lives in the project next to
 * the patches, not in the kernel series: it is a whole VMM (a boot loader, a
 * serial port, a clock, a demonstration of what the host cannot do) rather
 * than a test of one kernel interface; it is built against the patched
 * tree's uapi headers as any VMM outside the kernel would be; and the project
 * runs it under QEMU as its demo and as one of its tests.  The series' own
 * selftests cover the uAPI and its errors in detail.
 *
 * The guest needs no shared memory and no KVM access to its memory: KVM's
 * paravirtual features and the local APIC are hidden from it (set_cpuid(),
 * disable_local_apic()).  See also "An emulated CPU that makes KVM read
 * guest code" below.
 *
 *   vmm [-k bzImage] [-i initramfs] [-m MiB] [-a cmdline] [-t seconds] [--ktap]
 *
 * The kernel and initramfs are by default bzImage and guest-initramfs.cpio.gz
 * next to the vmm binary (see the Makefile).
 * Exit status 0 if every step passed, 1 otherwise.  --ktap prints the steps
 * as KTAP results and the guest's console as comments.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
#include <linux/kvm.h>
#include <linux/serial_reg.h>
#include <asm/bootparam.h>

/* From the patched uapi, <asm-generic/mman-common.h>; glibc does not know it. */
#ifndef MADV_GUEST_PRIVATE
#define MADV_GUEST_PRIVATE	26
#endif

/* Guest physical layout.  Low memory holds what the VMM builds. */
#define GDT_ADDR		0x0500
#define BOOT_PARAMS_ADDR	0x7000
#define PML4_ADDR		0x9000
#define PDPT_ADDR		0xa000
#define PD_ADDR			0xb000
#define CMDLINE_ADDR		0x20000
#define CMDLINE_MAX		0x1000
#define KERNEL_ADDR		0x100000	/* protected-mode kernel, 1 MiB */
#define LOW_RAM_END		0x9fc00		/* e820: usable below, then the BIOS hole */

/* Boot segments of the x86 boot protocol: __BOOT_CS and __BOOT_DS. */
#define BOOT_CS			0x10
#define BOOT_DS			0x18

#define CR0_PE			(1u << 0)
#define CR0_MP			(1u << 1)
#define CR0_ET			(1u << 4)
#define CR0_NE			(1u << 5)
#define CR0_WP			(1u << 16)
#define CR0_AM			(1u << 18)
#define CR0_PG			(1u << 31)
#define CR4_PAE			(1u << 5)
#define EFER_LME		(1u << 8)
#define EFER_LMA		(1u << 10)

#define PTE_P			(1ull << 0)
#define PTE_RW			(1ull << 1)
#define PTE_PS			(1ull << 7)

#define MSR_IA32_APICBASE	0x1b

/* The legacy PC ports the guest uses. */
#define COM1_PORT		0x3f8
#define COM1_IRQ		4
#define CMOS_INDEX_PORT		0x70
#define CMOS_DATA_PORT		0x71
#define RST_CNT_PORT		0xcf9	/* reset control: reboot=p writes 0x0e */
#define RST_CNT_RESET_CPU	0x04

#define PAGE_SIZE		4096ul

struct uart {
	uint8_t ier, lcr, mcr, scr, dll, dlm, fcr;
	bool thr_empty_irq;	/* a "THR empty" interrupt is pending */
	unsigned int irq_level;
};

struct vm {
	int kvm, fd, vcpu;
	struct kvm_run *run;
	uint8_t *ram;
	size_t ram_size;
	bool emulated_svm;	/* KVM must read guest code: see below */
	unsigned int tsc_khz;
	struct uart com1;
	uint8_t cmos_index;
	char *console;		/* everything the guest printed */
	size_t console_len, console_cap;
	bool powered_off;
	unsigned long exits, io_exits;
};

static struct {
	const char *kernel, *initrd, *cmdline;
	size_t ram_mib;
	int timeout;
	bool ktap;
} opt = {
	/*
	 * reboot=p: the guest's reboot -f writes the reset control port,
	 * which is the VMM's power-off.  io_delay=none: no port 0x80 writes.
	 */
	.cmdline = "console=ttyS0 acpi=off reboot=p panic=-1 io_delay=none "
		   "tsc=reliable no_timer_check",
	.ram_mib = 256,
	.timeout = 300,
};

/* ---- Reporting: a line per step, as text or as KTAP ---- */

static int nr_steps, nr_failed;
static bool at_line_start = true;

static void end_guest_line(void)
{
	if (!at_line_start)
		putchar('\n');
	at_line_start = true;
}

static void step(bool ok, const char *name, const char *fmt, ...)
{
	char detail[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	end_guest_line();
	nr_steps++;
	nr_failed += !ok;
	if (opt.ktap)
		printf("%sok %d %s # %s\n", ok ? "" : "not ", nr_steps, name, detail);
	else
		printf("vmm: [%s] %s\n", ok ? " ok " : "FAIL", detail);
	fflush(stdout);
}

static void note(const char *fmt, ...)
{
	va_list ap;

	end_guest_line();
	fputs(opt.ktap ? "# vmm: " : "vmm: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static __attribute__((noreturn)) void die(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	step(false, "vmm", "%s", msg);
	if (opt.ktap)
		printf("# Totals: pass:%d fail:%d\n", nr_steps - nr_failed, nr_failed);
	printf("%sFAIL: the VMM stopped: %s\n", opt.ktap ? "# " : "", msg);
	exit(1);
}

static int ioctl_or_die(int fd, unsigned long req, void *arg, const char *what)
{
	int r = ioctl(fd, req, arg);

	if (r < 0)
		die("%s: %s", what, strerror(errno));
	return r;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- The host's counters of guest-private memory ---- */

static long read_counter(const char *file, const char *fmt)
{
	char line[128];
	long val = -1;
	FILE *f = fopen(file, "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, fmt, &val) == 1)
			break;
	if (f)
		fclose(f);
	return val;
}

/*
 * nr_guest_private is a vmstat counter: each CPU batches its changes.  Root
 * can fold them in with a write to stat_refresh; without, the value may lag.
 */
static long nr_guest_private(void)
{
	int fd = open("/proc/sys/vm/stat_refresh", O_WRONLY | O_CLOEXEC);

	if (fd >= 0) {
		if (write(fd, "1\n", 2) != 2)
			note("stat_refresh: %s", strerror(errno));
		close(fd);
	}
	return read_counter("/proc/vmstat", "nr_guest_private %ld");
}

static long meminfo_guest_private_kb(void)
{
	return read_counter("/proc/meminfo", "GuestPrivate: %ld kB");
}

/* ---- An emulated CPU that makes KVM read guest code (QEMU's TCG) ---- */

/*
 * On real hardware KVM rarely reads a guest's code or page tables to handle
 * the instructions it intercepts here: VMX reports each exit's instruction
 * length and operands, and so does SVM with "NRIP save" (the next RIP) and
 * "decode assists" (the register operand of a MOV to or from a control
 * register), which every AMD CPU has had since Bulldozer (2011).  QEMU's
 * TCG, on which the project runs KVM, emulates SVM without either.  KVM
 * then decodes the instruction itself, to skip a CPUID, RDMSR, WRMSR or HLT
 * it has done and to emulate every MOV to or from CR4, which Linux uses
 * while it boots.  For that KVM's instruction emulator reads the guest's
 * page tables and code from the guest's private pages, never through the
 * VMM's mapping, and keeps the bytes out of any exit to the VMM.  So the
 * guest boots from private memory here too; this VMM needs nothing for it.
 *
 * One thing remains: QEMU lets the guest's XSETBV through without the
 * intercept, so KVM never learns the guest's XCR0, and the XSAVE sizes in
 * its CPUID then contradict the guest's XCR0 (a kernel WARN).  XSAVE is
 * hidden on this emulation (set_cpuid()).
 */
static bool kvm_must_decode_guest_code(void)
{
	char *line = NULL;
	size_t cap = 0;
	bool svm = false, assists = false;
	FILE *f = fopen("/proc/cpuinfo", "r");

	while (f && getline(&line, &cap, f) > 0) {
		if (strncmp(line, "flags", 5))
			continue;
		svm = strstr(line, " svm");
		assists = strstr(line, " nrip_save") && strstr(line, " decodeassists");
		break;
	}
	free(line);
	if (f)
		fclose(f);
	return svm && !assists;
}

/* ---- Step 1: a KVM_X86_SW_PROTECTED_VM with one in-place private memslot ---- */

static void open_kvm(struct vm *vm)
{
	vm->kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (vm->kvm < 0)
		die("/dev/kvm: %s", strerror(errno));
	if (ioctl(vm->kvm, KVM_CHECK_EXTENSION, KVM_CAP_GUEST_PRIVATE_PAGES) <= 0)
		die("KVM_CAP_GUEST_PRIVATE_PAGES: not offered by this kernel");
	if (!(ioctl(vm->kvm, KVM_CHECK_EXTENSION, KVM_CAP_VM_TYPES) &
	      (1 << KVM_X86_SW_PROTECTED_VM)))
		die("KVM_X86_SW_PROTECTED_VM: not offered (TDP MMU off?)");
	vm->emulated_svm = kvm_must_decode_guest_code();
}

static void create_vm(struct vm *vm)
{
	vm->fd = ioctl(vm->kvm, KVM_CREATE_VM, KVM_X86_SW_PROTECTED_VM);
	if (vm->fd < 0)
		die("KVM_CREATE_VM(KVM_X86_SW_PROTECTED_VM): %s", strerror(errno));
	if (ioctl(vm->fd, KVM_CHECK_EXTENSION, KVM_CAP_GUEST_PRIVATE_PAGES) <= 0)
		die("the VM cannot use KVM_MEM_GUEST_PRIVATE");
}

/* Guest RAM is ordinary private anonymous memory, opted in. */
static void map_guest_ram(struct vm *vm)
{
	vm->ram_size = opt.ram_mib << 20;
	vm->ram = mmap(NULL, vm->ram_size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (vm->ram == MAP_FAILED)
		die("mmap of %zu MiB: %s", opt.ram_mib, strerror(errno));
	if (madvise(vm->ram, vm->ram_size, MADV_GUEST_PRIVATE))
		die("madvise(MADV_GUEST_PRIVATE): %s", strerror(errno));
}

static void add_private_memslot(struct vm *vm)
{
	struct kvm_userspace_memory_region2 region = {
		.slot = 0,
		.flags = KVM_MEM_GUEST_PRIVATE,
		.guest_phys_addr = 0,
		.memory_size = vm->ram_size,
		.userspace_addr = (uintptr_t)vm->ram,
	};

	ioctl_or_die(vm->fd, KVM_SET_USER_MEMORY_REGION2, &region,
		     "KVM_SET_USER_MEMORY_REGION2(KVM_MEM_GUEST_PRIVATE)");
}

/*
 * The in-kernel interrupt controllers and the PIT.  The guest uses the
 * 8259 PIC and the PIT, which it reaches by port I/O; the PIT's speaker port
 * (0x61) lets it measure time with PIT channel 2.
 */
static void create_irqchip_and_pit(struct vm *vm)
{
	struct kvm_pit_config pit = { .flags = KVM_PIT_SPEAKER_DUMMY };

	/* Needed on Intel (VMX real mode); harmless on AMD. */
	ioctl_or_die(vm->fd, KVM_SET_TSS_ADDR, (void *)0xfffbd000ul, "KVM_SET_TSS_ADDR");
	ioctl_or_die(vm->fd, KVM_CREATE_IRQCHIP, NULL, "KVM_CREATE_IRQCHIP");
	ioctl_or_die(vm->fd, KVM_CREATE_PIT2, &pit, "KVM_CREATE_PIT2");
}

static void create_vcpu(struct vm *vm)
{
	int size;

	vm->vcpu = ioctl_or_die(vm->fd, KVM_CREATE_VCPU, (void *)0, "KVM_CREATE_VCPU");
	size = ioctl_or_die(vm->kvm, KVM_GET_VCPU_MMAP_SIZE, NULL, "KVM_GET_VCPU_MMAP_SIZE");
	vm->run = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, vm->vcpu, 0);
	if (vm->run == MAP_FAILED)
		die("mmap of kvm_run: %s", strerror(errno));
	vm->tsc_khz = ioctl_or_die(vm->vcpu, KVM_GET_TSC_KHZ, NULL, "KVM_GET_TSC_KHZ");
}

/* ---- Step 2: load Linux by the x86 64-bit boot protocol ---- */

static void *read_file(const char *path, size_t *size)
{
	struct stat st;
	void *buf;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &st))
		die("%s: %s", path, strerror(errno));
	buf = malloc(st.st_size);
	if (!buf || read(fd, buf, st.st_size) != st.st_size)
		die("reading %s: %s", path, strerror(errno));
	close(fd);
	*size = st.st_size;
	return buf;
}

/* The "zero page": the setup header from the bzImage, then what we fill in. */
static struct boot_params *setup_boot_params(struct vm *vm, const uint8_t *bz,
					     size_t bz_size)
{
	struct boot_params *bp = (void *)(vm->ram + BOOT_PARAMS_ADDR);
	size_t hdr_end = 0x202 + bz[0x201];	/* the header says how long it is */

	memset(bp, 0, sizeof(*bp));
	if (hdr_end > bz_size || hdr_end > 0x1f1 + sizeof(bp->hdr))
		hdr_end = 0x1f1 + sizeof(bp->hdr);
	memcpy(&bp->hdr, bz + 0x1f1, hdr_end - 0x1f1);
	if (bp->hdr.header != 0x53726448)	/* "HdrS" */
		die("%s is not a bzImage", opt.kernel);
	if (bp->hdr.version < 0x20c || !(bp->hdr.xloadflags & XLF_KERNEL_64))
		die("%s has no 64-bit entry point (boot protocol 2.12+)", opt.kernel);
	bp->hdr.type_of_loader = 0xff;		/* "undefined" boot loader */
	bp->hdr.loadflags |= LOADED_HIGH;
	return bp;
}

/* The protected-mode kernel; the 64-bit entry does not use the setup code. */
static void load_kernel(struct vm *vm, struct boot_params *bp,
			const uint8_t *bz, size_t bz_size)
{
	size_t setup_size = ((bp->hdr.setup_sects ?: 4) + 1) * 512;

	if (KERNEL_ADDR + bz_size - setup_size > bp->hdr.pref_address)
		die("%s overlaps where it decompresses to", opt.kernel);
	memcpy(vm->ram + KERNEL_ADDR, bz + setup_size, bz_size - setup_size);
}

/* The initramfs at the top of RAM. */
static void load_initrd(struct vm *vm, struct boot_params *bp)
{
	size_t size, top = vm->ram_size;
	void *initrd = read_file(opt.initrd, &size);
	uint64_t addr;

	if (top > (uint64_t)bp->hdr.initrd_addr_max + 1)
		top = (uint64_t)bp->hdr.initrd_addr_max + 1;
	addr = (top - size) & ~(PAGE_SIZE - 1);
	if (size > top || addr < bp->hdr.pref_address + bp->hdr.init_size)
		die("guest RAM too small for the kernel and the initramfs");
	memcpy(vm->ram + addr, initrd, size);
	bp->hdr.ramdisk_image = addr;
	bp->hdr.ramdisk_size = size;
	free(initrd);
}

/*
 * The guest, itself emulated, cannot calibrate its TSC against the PIT
 * reliably, and has no HPET or ACPI PM timer here: tell it the frequency
 * KVM gives its TSC.
 */
static void set_cmdline(struct vm *vm, struct boot_params *bp)
{
	char *cmdline = (char *)vm->ram + CMDLINE_ADDR;
	int len;

	len = snprintf(cmdline, CMDLINE_MAX, "%s tsc_early_khz=%u", opt.cmdline,
		       vm->tsc_khz);
	if (len >= CMDLINE_MAX || (unsigned int)len >= bp->hdr.cmdline_size)
		die("kernel command line too long");
	bp->hdr.cmd_line_ptr = CMDLINE_ADDR;
}

/* The e820 table says where RAM is; there is no firmware and no ACPI. */
static void set_e820(struct vm *vm, struct boot_params *bp)
{
	struct boot_e820_entry *e = bp->e820_table;

	e[0] = (struct boot_e820_entry){ 0, LOW_RAM_END, 1 /* E820_TYPE_RAM */ };
	e[1] = (struct boot_e820_entry){ LOW_RAM_END, KERNEL_ADDR - LOW_RAM_END,
					 2 /* E820_TYPE_RESERVED */ };
	e[2] = (struct boot_e820_entry){ KERNEL_ADDR, vm->ram_size - KERNEL_ADDR, 1 };
	bp->e820_entries = 3;
}

/*
 * Identity-map the first 1 GiB with 2 MiB pages, which covers everything the
 * boot protocol wants mapped (kernel, zero page, command line, initramfs),
 * and a GDT with flat __BOOT_CS (64-bit code) and __BOOT_DS.
 */
static void build_page_tables_and_gdt(struct vm *vm)
{
	uint64_t *pml4 = (void *)(vm->ram + PML4_ADDR);
	uint64_t *pdpt = (void *)(vm->ram + PDPT_ADDR);
	uint64_t *pd = (void *)(vm->ram + PD_ADDR);
	uint64_t *gdt = (void *)(vm->ram + GDT_ADDR);
	int i;

	pml4[0] = PDPT_ADDR | PTE_P | PTE_RW;
	pdpt[0] = PD_ADDR | PTE_P | PTE_RW;
	for (i = 0; i < 512; i++)
		pd[i] = ((uint64_t)i << 21) | PTE_P | PTE_RW | PTE_PS;

	gdt[BOOT_CS / 8] = 0x00af9b000000ffffull;	/* code, 64-bit, present */
	gdt[BOOT_DS / 8] = 0x00cf93000000ffffull;	/* data, 4 GiB, present */
}

static size_t load_linux(struct vm *vm)
{
	size_t bz_size;
	uint8_t *bz = read_file(opt.kernel, &bz_size);
	struct boot_params *bp;

	if (bz_size < 0x1000)
		die("%s is too small for a bzImage", opt.kernel);
	bp = setup_boot_params(vm, bz, bz_size);
	load_kernel(vm, bp, bz, bz_size);
	load_initrd(vm, bp);
	set_cmdline(vm, bp);
	set_e820(vm, bp);
	build_page_tables_and_gdt(vm);
	free(bz);
	return bz_size;
}

/* ---- The vCPU: CPUID, no local APIC, 64-bit mode ---- */

static struct kvm_cpuid2 *get_supported_cpuid(struct vm *vm)
{
	struct kvm_cpuid2 *cpuid;
	int nent = 64;

	for (;;) {
		cpuid = calloc(1, sizeof(*cpuid) + nent * sizeof(cpuid->entries[0]));
		cpuid->nent = nent;
		if (!ioctl(vm->kvm, KVM_GET_SUPPORTED_CPUID, cpuid))
			return cpuid;
		if (errno != E2BIG)
			die("KVM_GET_SUPPORTED_CPUID: %s", strerror(errno));
		free(cpuid);
		nent *= 2;
	}
}

/*
 * KVM's paravirtual features, the leaves from 0x40000000 ("KVMKVMKVM"), are
 * all hidden.  Each of them makes KVM write into, or read from, a guest page
 * whose address the guest gives it: kvmclock (MSR_KVM_SYSTEM_TIME: KVM
 * writes the pvclock structure), steal time (MSR_KVM_STEAL_TIME: KVM writes
 * the steal-time record, which PV TLB flush and "vCPU preempted" also use),
 * asynchronous page faults (MSR_KVM_ASYNC_PF_EN: KVM writes the reason into a
 * per-CPU area), PV EOI (MSR_KVM_PV_EOI_EN: KVM sets and reads a flag in
 * guest memory on each interrupt).  KVM cannot access a private page:
 * kvmclock would stay unset, the PV EOI flag would be neither set nor read,
 * an asynchronous page fault would never be announced.  Without the leaves a
 * Linux guest uses the TSC, the interrupt controller's own EOI and ordinary
 * page faults.  (A guest could first share such pages with the
 * KVM_HC_MAP_GPA_RANGE hypercall; Linux does that only for SEV and TDX.  The
 * project's guest kernel has no KVM guest support built in at all, but a
 * distribution kernel would use every leaf it finds.)
 */
static bool is_kvm_pv_leaf(uint32_t function)
{
	return function >= 0x40000000 && function <= 0x4fffffff;
}

static void set_cpuid(struct vm *vm)
{
	struct kvm_cpuid2 *cpuid = get_supported_cpuid(vm);
	unsigned int i, n = 0;

	for (i = 0; i < cpuid->nent; i++) {
		struct kvm_cpuid_entry2 *e = &cpuid->entries[i];

		if (is_kvm_pv_leaf(e->function))
			continue;
		if (e->function == 1) {
			e->ebx &= 0x00ffffff;		/* initial APIC ID 0 */
			e->ecx &= ~(1u << 21);		/* no x2APIC: see below */
			if (vm->emulated_svm)		/* no XSAVE, OSXSAVE, AVX */
				e->ecx &= ~(1u << 26 | 1u << 27 | 1u << 28);
		}
		if (e->function == 7 && e->index == 0)
			e->ecx &= ~(1u << 16);		/* no LA57: stay in 4-level paging */
		if (e->function == 0xd && vm->emulated_svm)
			continue;			/* the XSAVE leaf */
		cpuid->entries[n++] = *e;
	}
	cpuid->nent = n;
	ioctl_or_die(vm->vcpu, KVM_SET_CPUID2, cpuid, "KVM_SET_CPUID2");
	free(cpuid);
}

/*
 * No local APIC: one vCPU does not need it, and the in-kernel PIC delivers
 * the PIT's and the UART's interrupts by port I/O, which every CPU reports
 * to KVM fully decoded.  The xAPIC is memory-mapped: KVM handles each access
 * by decoding the instruction, which it must read from the guest's private
 * code whenever the CPU does not hand it the bytes (VMX never does).  KVM
 * can do that for its own VM, but the demo keeps to port I/O.  KVM also
 * clears the APIC bit in the guest's CPUID.
 */
static void disable_local_apic(struct vm *vm)
{
	struct {
		struct kvm_msrs hdr;
		struct kvm_msr_entry entry;
	} msrs = {
		.hdr.nmsrs = 1,
		.entry = { .index = MSR_IA32_APICBASE, .data = 0 },
	};

	if (ioctl(vm->vcpu, KVM_SET_MSRS, &msrs) != 1)
		die("disabling the local APIC (KVM_SET_MSRS): %s", strerror(errno));
}

static void set_segment(struct kvm_segment *s, uint16_t selector, bool code)
{
	*s = (struct kvm_segment){
		.base = 0, .limit = 0xffffffff, .selector = selector,
		.type = code ? 0xb : 0x3,	/* execute/read or read/write, accessed */
		.present = 1, .dpl = 0, .s = 1, .g = 1,
		.l = code, .db = !code,
	};
}

/* 64-bit mode at the kernel's 64-bit entry, RSI = the zero page. */
static void set_long_mode_regs(struct vm *vm)
{
	struct kvm_sregs sregs;
	struct kvm_regs regs = {
		.rip = KERNEL_ADDR + 0x200,	/* startup_64 of the decompressor */
		.rsi = BOOT_PARAMS_ADDR,
		.rflags = 0x2,			/* interrupts off */
	};

	ioctl_or_die(vm->vcpu, KVM_GET_SREGS, &sregs, "KVM_GET_SREGS");
	set_segment(&sregs.cs, BOOT_CS, true);
	set_segment(&sregs.ds, BOOT_DS, false);
	sregs.es = sregs.fs = sregs.gs = sregs.ss = sregs.ds;
	sregs.gdt.base = GDT_ADDR;
	sregs.gdt.limit = 4 * 8 - 1;
	sregs.cr3 = PML4_ADDR;
	sregs.cr4 = CR4_PAE;
	/* Linux's own CR0 value, so that its MOV to CR0 changes nothing. */
	sregs.cr0 = CR0_PE | CR0_MP | CR0_ET | CR0_NE | CR0_WP | CR0_AM | CR0_PG;
	sregs.efer = EFER_LME | EFER_LMA;
	ioctl_or_die(vm->vcpu, KVM_SET_SREGS, &sregs, "KVM_SET_SREGS");
	ioctl_or_die(vm->vcpu, KVM_SET_REGS, &regs, "KVM_SET_REGS");
}

/* ---- Step 3: all guest RAM becomes private, in place ---- */

static int set_memory_attributes(struct vm *vm, uint64_t gpa, uint64_t size,
				 uint64_t attributes)
{
	struct kvm_memory_attributes attr = {
		.address = gpa,
		.size = size,
		.attributes = attributes,
	};

	return ioctl(vm->fd, KVM_SET_MEMORY_ATTRIBUTES, &attr);
}

/*
 * The kernel, initramfs, zero page and page tables that the VMM just wrote
 * become the guest's private memory where they are: the same pages, now
 * taken from the VMM.  Nothing is copied.  SEV-SNP and TDX need the initial
 * image copied into private memory by the firmware (SNP_LAUNCH_UPDATE,
 * TDH.MEM.PAGE.ADD, which also encrypt and measure it), and guest_memfd
 * needs it written through the memfd or populated by KVM_SEV_SNP_LAUNCH_
 * UPDATE or KVM_TDX_INIT_MEM_REGION: a second copy and a loader path of its
 * own.  Here the loader is the ordinary one.
 */
static void make_ram_private(struct vm *vm)
{
	long pages = nr_guest_private();
	double t = now();

	if (set_memory_attributes(vm, 0, vm->ram_size, KVM_MEMORY_ATTRIBUTE_PRIVATE))
		die("KVM_SET_MEMORY_ATTRIBUTES(PRIVATE): %s", strerror(errno));
	t = now() - t;
	pages = nr_guest_private() - pages;
	step(true, "ram_private_before_run",
	     "all %zu MiB of guest RAM set private before the first KVM_RUN (%.2f s): "
	     "the %ld pages the loader wrote became guest-private in place",
	     opt.ram_mib, t, pages);
}

/* ---- Devices: a 16550 UART on COM1, the CMOS clock ---- */

static void guest_output(struct vm *vm, uint8_t c)
{
	if (vm->console_len + 2 > vm->console_cap) {
		vm->console_cap = vm->console_cap ? 2 * vm->console_cap : 65536;
		vm->console = realloc(vm->console, vm->console_cap);
		if (!vm->console)
			die("out of memory");
	}
	vm->console[vm->console_len++] = c;
	vm->console[vm->console_len] = 0;
	if (c == '\r')
		return;
	if (at_line_start && opt.ktap)
		fputs("# ", stdout);
	putchar(c);
	at_line_start = c == '\n';
	if (at_line_start)
		fflush(stdout);
}

/* The UART's interrupt line: high while the "THR empty" interrupt is pending. */
static void uart_update_irq(struct vm *vm)
{
	struct uart *u = &vm->com1;
	struct kvm_irq_level irq = { .irq = COM1_IRQ };

	irq.level = (u->ier & UART_IER_THRI) && u->thr_empty_irq;
	if (irq.level == u->irq_level)
		return;
	u->irq_level = irq.level;
	ioctl_or_die(vm->fd, KVM_IRQ_LINE, &irq, "KVM_IRQ_LINE");
}

/* Enough of a 16550A for Linux's 8250 driver; output is immediate. */
static uint8_t uart_read(struct vm *vm, unsigned int reg)
{
	struct uart *u = &vm->com1;
	bool dlab = u->lcr & UART_LCR_DLAB;
	uint8_t v = 0;

	switch (reg) {
	case UART_RX:
		v = dlab ? u->dll : 0;		/* never any input */
		break;
	case UART_IER:
		v = dlab ? u->dlm : u->ier;
		break;
	case UART_IIR:
		v = (u->fcr & UART_FCR_ENABLE_FIFO) ? UART_IIR_FIFO_ENABLED_16550A : 0;
		if ((u->ier & UART_IER_THRI) && u->thr_empty_irq) {
			v |= UART_IIR_THRI;
			u->thr_empty_irq = false;	/* reading IIR acknowledges it */
		} else {
			v |= UART_IIR_NO_INT;
		}
		break;
	case UART_LCR:
		v = u->lcr;
		break;
	case UART_MCR:
		v = u->mcr;
		break;
	case UART_LSR:
		v = UART_LSR_THRE | UART_LSR_TEMT;	/* always ready to send */
		break;
	case UART_MSR:
		if (u->mcr & UART_MCR_LOOP)	/* loopback: the outputs read back */
			v = (u->mcr & UART_MCR_RTS ? UART_MSR_CTS : 0) |
			    (u->mcr & UART_MCR_DTR ? UART_MSR_DSR : 0) |
			    (u->mcr & UART_MCR_OUT1 ? UART_MSR_RI : 0) |
			    (u->mcr & UART_MCR_OUT2 ? UART_MSR_DCD : 0);
		else
			v = UART_MSR_DCD | UART_MSR_DSR | UART_MSR_CTS;
		break;
	case UART_SCR:
		v = u->scr;
		break;
	}
	uart_update_irq(vm);
	return v;
}

static void uart_write(struct vm *vm, unsigned int reg, uint8_t v)
{
	struct uart *u = &vm->com1;
	bool dlab = u->lcr & UART_LCR_DLAB;

	switch (reg) {
	case UART_TX:
		if (dlab) {
			u->dll = v;
			break;
		}
		if (!(u->mcr & UART_MCR_LOOP))
			guest_output(vm, v);
		u->thr_empty_irq = true;	/* sent at once */
		break;
	case UART_IER:
		if (dlab) {
			u->dlm = v;
			break;
		}
		u->ier = v & 0x0f;
		if (u->ier & UART_IER_THRI)	/* THR is empty: interrupt now */
			u->thr_empty_irq = true;
		break;
	case UART_FCR:
		u->fcr = v;
		break;
	case UART_LCR:
		u->lcr = v;
		break;
	case UART_MCR:
		u->mcr = v;
		break;
	case UART_SCR:
		u->scr = v;
		break;
	}
	uart_update_irq(vm);
}

static uint8_t bcd(int v)
{
	return (v / 10) << 4 | v % 10;
}

/* The MC146818 clock: the host's UTC time, never in an update cycle. */
static uint8_t cmos_read(struct vm *vm)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	switch (vm->cmos_index) {
	case 0x00: return bcd(tm.tm_sec);
	case 0x02: return bcd(tm.tm_min);
	case 0x04: return bcd(tm.tm_hour);
	case 0x06: return bcd(tm.tm_wday + 1);
	case 0x07: return bcd(tm.tm_mday);
	case 0x08: return bcd(tm.tm_mon + 1);
	case 0x09: return bcd(tm.tm_year % 100);
	case 0x0a: return 0x26;		/* 32.768 kHz, no update in progress */
	case 0x0b: return 0x02;		/* 24-hour, BCD */
	case 0x0d: return 0x80;		/* the battery is good */
	case 0x32: return bcd(19 + tm.tm_year / 100);	/* century */
	default:   return 0;
	}
}

/*
 * @size is the width of the guest's access: the reset control register is
 * one byte at 0xcf9, inside the dword PCI CONFIG_ADDRESS at 0xcf8 that a
 * guest kernel with PCI probes (and finds nothing behind).
 */
static void port_out(struct vm *vm, uint16_t port, uint8_t v, unsigned int size)
{
	if (port >= COM1_PORT && port < COM1_PORT + 8)
		uart_write(vm, port - COM1_PORT, v);
	else if (port == CMOS_INDEX_PORT)
		vm->cmos_index = v & 0x7f;	/* bit 7 masks NMIs */
	else if (port == RST_CNT_PORT && size == 1 && (v & RST_CNT_RESET_CPU))
		vm->powered_off = true;		/* reboot=p: the guest is done */
}

static uint8_t port_in(struct vm *vm, uint16_t port)
{
	if (port >= COM1_PORT && port < COM1_PORT + 8)
		return uart_read(vm, port - COM1_PORT);
	if (port == CMOS_DATA_PORT)
		return cmos_read(vm);
	return 0xff;				/* nothing there */
}

/* ---- Step 4: run the guest until it powers off ---- */

static void handle_io(struct vm *vm)
{
	struct kvm_run *run = vm->run;
	uint8_t *data = (uint8_t *)run + run->io.data_offset;
	unsigned int i, j;

	vm->io_exits++;
	for (i = 0; i < run->io.count; i++, data += run->io.size)
		for (j = 0; j < run->io.size; j++)
			if (run->io.direction == KVM_EXIT_IO_OUT)
				port_out(vm, run->io.port + j, data[j],
					 run->io.size);
			else
				data[j] = port_in(vm, run->io.port + j);
}

static volatile sig_atomic_t timed_out;

static void on_alarm(int sig)
{
	(void)sig;
	timed_out = 1;
}

static void dump_vcpu(struct vm *vm)
{
	struct kvm_regs regs;
	struct kvm_sregs sregs;

	if (ioctl(vm->vcpu, KVM_GET_REGS, &regs) || ioctl(vm->vcpu, KVM_GET_SREGS, &sregs))
		return;
	note("vCPU: rip 0x%llx rsp 0x%llx cr0 0x%llx cr3 0x%llx cr4 0x%llx",
	     regs.rip, regs.rsp, sregs.cr0, sregs.cr3, sregs.cr4);
}

static __attribute__((noreturn)) void die_internal_error(struct vm *vm)
{
	struct kvm_run *run = vm->run;
	char data[256] = "";
	unsigned int i;

	for (i = 0; i < run->internal.ndata && i < 8; i++)
		snprintf(data + strlen(data), sizeof(data) - strlen(data),
			 " 0x%llx", run->internal.data[i]);
	dump_vcpu(vm);
	die("KVM_EXIT_INTERNAL_ERROR, suberror %u, data%s", run->internal.suberror, data);
}

/* A vCPU statistic from KVM's binary stats (KVM_GET_STATS_FD), or -1. */
static long vcpu_stat(struct vm *vm, const char *name)
{
	struct kvm_stats_header hdr;
	struct kvm_stats_desc *d;
	size_t dsize;
	char *descs = NULL;
	uint64_t val;
	long r = -1;
	int fd = ioctl(vm->vcpu, KVM_GET_STATS_FD, NULL);

	if (fd < 0)
		return -1;
	if (pread(fd, &hdr, sizeof(hdr), 0) != sizeof(hdr))
		goto out;
	dsize = sizeof(*d) + hdr.name_size;
	descs = malloc(dsize * hdr.num_desc);
	if (!descs || pread(fd, descs, dsize * hdr.num_desc, hdr.desc_offset) !=
		      (ssize_t)(dsize * hdr.num_desc))
		goto out;
	for (uint32_t i = 0; i < hdr.num_desc; i++) {
		d = (struct kvm_stats_desc *)(descs + i * dsize);
		if (strcmp(d->name, name))
			continue;
		if (pread(fd, &val, sizeof(val), hdr.data_offset + d->offset) == sizeof(val))
			r = val;
		break;
	}
out:
	free(descs);
	close(fd);
	return r;
}

static double run_guest(struct vm *vm)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	double t = now();

	sigaction(SIGALRM, &sa, NULL);	/* no SA_RESTART: KVM_RUN returns EINTR */
	alarm(opt.timeout);
	while (!vm->powered_off) {
		int r = ioctl(vm->vcpu, KVM_RUN, NULL);

		vm->exits++;
		if (timed_out) {
			dump_vcpu(vm);
			die("the guest did not power off within %d s", opt.timeout);
		}
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && errno == EFAULT && vm->run->exit_reason == KVM_EXIT_MEMORY_FAULT) {
			dump_vcpu(vm);
			die("KVM_EXIT_MEMORY_FAULT at gpa 0x%llx (flags 0x%llx)",
			    vm->run->memory_fault.gpa, vm->run->memory_fault.flags);
		}
		if (r < 0)
			die("KVM_RUN: %s", strerror(errno));

		switch (vm->run->exit_reason) {
		case KVM_EXIT_IO:
			handle_io(vm);
			break;
		case KVM_EXIT_MMIO:
			/* Nothing is mapped outside RAM: reads see all ones. */
			if (!vm->run->mmio.is_write)
				memset(vm->run->mmio.data, 0xff, sizeof(vm->run->mmio.data));
			break;
		case KVM_EXIT_SHUTDOWN:
			vm->powered_off = true;	/* a triple fault, e.g. reboot=t */
			break;
		case KVM_EXIT_INTERNAL_ERROR:
			die_internal_error(vm);
		default:
			dump_vcpu(vm);
			die("unexpected exit reason %u", vm->run->exit_reason);
		}
	}
	alarm(0);
	t = now() - t;
	note("%lu exits to the VMM, %lu of them port I/O", vm->exits, vm->io_exits);
	if (vm->emulated_svm)
		note("KVM decoded %ld instructions itself (SVM without decode assists), "
		     "reading the guest's code and page tables from its private pages",
		     vcpu_stat(vm, "insn_emulation"));
	return t;
}

/* ---- Step 5: what the host sees of guest RAM ---- */

/* The secret the guest made up and printed: "the secret is gp-secret-<hex>". */
static const char *guest_secret(struct vm *vm, char *buf, size_t size)
{
	const char *p = vm->console ? strstr(vm->console, "the secret is gp-secret-") : NULL;
	size_t n;

	if (!p)
		return NULL;
	p += strlen("the secret is ");
	n = strlen("gp-secret-");
	n += strspn(p + n, "0123456789abcdef");
	if (n + 1 > size || n < strlen("gp-secret-") + 16)
		return NULL;
	memcpy(buf, p, n);
	buf[n] = 0;
	return buf;
}

static void check_guest_ran(struct vm *vm, double secs)
{
	char secret[64];

	step(vm->console && strstr(vm->console, "guest: Linux") &&
	     guest_secret(vm, secret, sizeof(secret)), "guest_ran_to_poweroff",
	     "the guest booted, ran its /init, kept a secret in its memory and "
	     "powered off after %.1f s", secs);
}

static sigjmp_buf sigbus_jmp;
static siginfo_t sigbus_info;

static void on_sigbus(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	sigbus_info = *si;
	siglongjmp(sigbus_jmp, 1);
}

/* A plain load from the VMM's own mapping of guest RAM. */
static void check_host_read_sigbus(struct vm *vm)
{
	struct sigaction sa = { .sa_sigaction = on_sigbus, .sa_flags = SA_SIGINFO };
	volatile uint8_t *addr = vm->ram + KERNEL_ADDR;
	struct sigaction old;
	uint8_t v;

	sigaction(SIGBUS, &sa, &old);
	if (!sigsetjmp(sigbus_jmp, 1)) {
		v = *addr;
		sigaction(SIGBUS, &old, NULL);
		step(false, "host_read_sigbus", "host read of guest RAM at %p (gpa 0x%x) "
		     "returned 0x%02x", (void *)addr, KERNEL_ADDR, v);
		return;
	}
	sigaction(SIGBUS, &old, NULL);
	step(sigbus_info.si_addr == (void *)addr && sigbus_info.si_code == BUS_ADRERR,
	     "host_read_sigbus", "host read of guest RAM: SIGBUS (%s) at %p, gpa 0x%x",
	     sigbus_info.si_code == BUS_ADRERR ? "BUS_ADRERR" : "unexpected si_code",
	     sigbus_info.si_addr, KERNEL_ADDR);
}

/* The kernel's paths into a process's memory refuse too. */
static void check_process_vm_readv(struct vm *vm)
{
	char buf[64];
	struct iovec local = { buf, sizeof(buf) };
	struct iovec remote = { vm->ram + KERNEL_ADDR, sizeof(buf) };
	ssize_t r = process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
	int err = errno;

	step(r < 0 && err == EFAULT, "process_vm_readv_efault",
	     "process_vm_readv of guest RAM: %s",
	     r < 0 ? strerrorname_np(err) : "it read the guest's memory");
}

static void check_proc_self_mem(struct vm *vm)
{
	char buf[64];
	int fd = open("/proc/self/mem", O_RDONLY | O_CLOEXEC);
	ssize_t r = pread(fd, buf, sizeof(buf), (off_t)(uintptr_t)(vm->ram + KERNEL_ADDR));
	int err = errno;

	close(fd);
	step(fd >= 0 && r < 0 && err == EIO, "proc_self_mem_eio",
	     "pread of guest RAM through /proc/self/mem: %s",
	     r < 0 ? strerrorname_np(err) : "it read the guest's memory");
}

static void check_guest_private_counted(struct vm *vm, long nr_at_start)
{
	long pages = nr_guest_private() - nr_at_start;	/* refreshes vmstat */
	long kb = meminfo_guest_private_kb();

	step(pages > 0 && kb == pages * (long)(PAGE_SIZE >> 10) &&
	     kb <= (long)(vm->ram_size >> 10), "guestprivate_counted",
	     "GuestPrivate in /proc/meminfo: %ld kB, the %ld pages of its %zu MiB "
	     "that the guest has used", kb, pages, opt.ram_mib);
}

/* ---- Step 6: the same pages, shared again, with the guest's data ---- */

static void find_secret_after_shared(struct vm *vm, long nr_at_start)
{
	char secret[64];
	const uint8_t *p, *first = NULL;
	size_t n = 0, len;
	double t = now();
	int r;

	if (!guest_secret(vm, secret, sizeof(secret))) {
		step(false, "shared_again_secret_found", "the guest printed no secret");
		return;
	}
	r = set_memory_attributes(vm, 0, vm->ram_size, 0);
	t = now() - t;
	if (r) {
		step(false, "shared_again_secret_found",
		     "KVM_SET_MEMORY_ATTRIBUTES(shared): %s", strerror(errno));
		return;
	}
	len = strlen(secret);
	for (p = vm->ram; (p = memmem(p, vm->ram + vm->ram_size - p, secret, len)); p += len) {
		if (!first)
			first = p;
		n++;
	}
	step(n > 0 && nr_guest_private() == nr_at_start, "shared_again_secret_found",
	     "RAM converted back to shared in place (%.2f s, nr_guest_private %ld): "
	     "the guest's secret %s is in it %zu times, first at gpa 0x%lx",
	     t, nr_guest_private(), secret, n,
	     first ? (unsigned long)(first - vm->ram) : 0ul);
}

/*
 * A VM that goes away takes its private pages with it: they are freed and
 * cleared, and the VMM finds fresh zeroed memory at their addresses.  Set
 * RAM private again, as it was while the guest ran, and close the VM.
 */
static void check_teardown(struct vm *vm, long nr_at_start)
{
	char secret[64];
	const uint8_t *page = NULL;
	long nr_private;
	size_t i;
	bool zeros = true;

	if (guest_secret(vm, secret, sizeof(secret)))
		page = memmem(vm->ram, vm->ram_size, secret, strlen(secret));
	if (page)
		page -= (uintptr_t)page & (PAGE_SIZE - 1);
	if (set_memory_attributes(vm, 0, vm->ram_size, KVM_MEMORY_ATTRIBUTE_PRIVATE))
		die("KVM_SET_MEMORY_ATTRIBUTES(PRIVATE) again: %s", strerror(errno));
	nr_private = nr_guest_private() - nr_at_start;
	munmap(vm->run, ioctl(vm->kvm, KVM_GET_VCPU_MMAP_SIZE, NULL));
	close(vm->vcpu);
	close(vm->fd);
	for (i = 0; page && i < PAGE_SIZE; i++)
		zeros &= page[i] == 0;
	step(nr_private > 0 && nr_guest_private() == nr_at_start && page && zeros,
	     "teardown_frees_private",
	     "RAM set private again (%ld pages), then the VM closed: nr_guest_private "
	     "back to %ld, the secret's page reads as zeros%s", nr_private,
	     nr_guest_private(), zeros ? "" : ": NOT ZEROED");
}

/* ---- main ---- */

static void usage(const char *prog)
{
	fprintf(stderr, "usage: %s [-k bzImage] [-i initramfs] [-m MiB] [-a cmdline] "
		"[-t seconds] [--ktap]\n", prog);
	exit(2);
}

static const char *next_to_vmm(const char *name)
{
	static char exe[4096];
	char *path, *slash;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0)
		return name;
	exe[n] = 0;
	slash = strrchr(exe, '/');
	if (!slash || asprintf(&path, "%.*s/%s", (int)(slash - exe), exe, name) < 0)
		return name;
	return path;
}

static void parse_args(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--ktap"))
			opt.ktap = true;
		else if (!v)
			usage(argv[0]);
		else if (!strcmp(a, "-k"))
			opt.kernel = v, i++;
		else if (!strcmp(a, "-i"))
			opt.initrd = v, i++;
		else if (!strcmp(a, "-m"))
			opt.ram_mib = strtoul(v, NULL, 0), i++;
		else if (!strcmp(a, "-a"))
			opt.cmdline = v, i++;
		else if (!strcmp(a, "-t"))
			opt.timeout = atoi(v), i++;
		else
			usage(argv[0]);
	}
	if (!opt.kernel)
		opt.kernel = next_to_vmm("bzImage");
	if (!opt.initrd)
		opt.initrd = next_to_vmm("guest-initramfs.cpio.gz");
}

int main(int argc, char **argv)
{
	static struct vm vm;
	long nr_at_start = nr_guest_private();
	size_t bz_size;
	double secs;

	parse_args(argc, argv);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (opt.ktap)
		printf("KTAP version 1\n1..10\n");

	open_kvm(&vm);
	create_vm(&vm);
	map_guest_ram(&vm);
	add_private_memslot(&vm);
	create_irqchip_and_pit(&vm);
	create_vcpu(&vm);
	step(true, "create_vm",
	     "KVM_X86_SW_PROTECTED_VM with one KVM_MEM_GUEST_PRIVATE memslot: "
	     "%zu MiB of anonymous memory opted in with MADV_GUEST_PRIVATE", opt.ram_mib);

	bz_size = load_linux(&vm);
	set_cpuid(&vm);
	disable_local_apic(&vm);
	set_long_mode_regs(&vm);
	step(true, "load_linux", "loaded %s (%zu KiB) and %s by the 64-bit boot protocol",
	     opt.kernel, bz_size >> 10, opt.initrd);

	make_ram_private(&vm);
	secs = run_guest(&vm);
	check_guest_ran(&vm, secs);

	check_host_read_sigbus(&vm);
	check_process_vm_readv(&vm);
	check_proc_self_mem(&vm);
	check_guest_private_counted(&vm, nr_at_start);

	find_secret_after_shared(&vm, nr_at_start);
	check_teardown(&vm, nr_at_start);

	if (opt.ktap)
		printf("# Totals: pass:%d fail:%d\n", nr_steps - nr_failed, nr_failed);
	if (nr_failed)
		printf("%sFAIL: %d of %d steps failed\n", opt.ktap ? "# " : "",
		       nr_failed, nr_steps);
	else
		printf("%sPASS: Linux booted and ran on guest-private memory, the host "
		       "was refused every read of it, and it got the same pages back, "
		       "with the guest's data, by converting them to shared\n",
		       opt.ktap ? "# " : "");
	return nr_failed ? 1 : 0;
}
