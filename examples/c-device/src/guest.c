/*
 * Guest memory: the harness's memory file, mapped shared. It holds one Xen grant_entry_v1 per
 * gref, then the pages (spec 13, section 5). We check a grant by reading its entry, as the
 * hypervisor would, and report every page access we make, because reads cannot be seen from
 * outside and the audit (MEM-1..MEM-8) is only as good as the report.
 */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "netdev.h"

static uint8_t *base;
static size_t map_len;
static volatile grant_entry_v1_t *grants;
static uint32_t ngrants, npages;
static uint8_t *pages;

int guest_map(const char *path, uint32_t grant_entries, uint32_t page_count)
{
    int fd = open(path, O_RDWR);
    if (fd < 0) {
        perror(path);
        return -1;
    }
    size_t table = ((size_t)grant_entries * sizeof(grant_entry_v1_t) + NC_PAGE_SIZE - 1) & ~(size_t)(NC_PAGE_SIZE - 1);
    size_t len = table + (size_t)page_count * NC_PAGE_SIZE;
    struct stat st;
    if (fstat(fd, &st) != 0 || (size_t)st.st_size < len) {
        fprintf(stderr, "netdev: %s holds %lld bytes, need %zu\n", path, (long long)st.st_size, len);
        close(fd);
        return -1;
    }
    void *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (m == MAP_FAILED) {
        perror("mmap");
        return -1;
    }
    if (base)
        munmap(base, map_len);
    base = m;
    map_len = len;
    grants = (volatile grant_entry_v1_t *)base;
    ngrants = grant_entries;
    npages = page_count;
    pages = base + table;
    return 0;
}

/* A gref at or beyond the table is "no grant"; so is a frame outside the file. */
enum grant_access guest_grant(uint32_t ctx, grant_ref_t gref)
{
    if (!grants || gref >= ngrants)
        return GRANT_NONE;
    grant_entry_v1_t e = grants[gref];
    if ((e.flags & GTF_type_mask) != GTF_permit_access || e.domid != ctx || e.frame >= npages)
        return GRANT_NONE;
    return (e.flags & GTF_readonly) ? GRANT_RO : GRANT_RW;
}

uint8_t *guest_page(grant_ref_t gref)
{
    return pages + (size_t)grants[gref].frame * NC_PAGE_SIZE;
}

void guest_note(uint32_t ctx, grant_ref_t gref, unsigned off, unsigned len, bool write)
{
    const uint8_t *at = guest_page(gref) + off;
    /* a write's bytes ride on the report (spec 13, section 3); never past the mapping */
    out_access(ctx, gref, off, len, write && at + len <= base + map_len ? at : NULL);
}

/*
 * Copies never leave the mapping, even for a range past its page (only the BREAK_PAGE_CHECK
 * build makes one): the bytes past the file's end read as zero, and the report still says what
 * was asked, so the audit names MEM-5.
 */
void guest_read(uint32_t ctx, grant_ref_t gref, unsigned off, unsigned len, uint8_t *dst)
{
    guest_note(ctx, gref, off, len, false);
    const uint8_t *src = guest_page(gref) + off;
    size_t avail = (size_t)(base + map_len - src);
    size_t n = len < avail ? len : avail;
    memcpy(dst, src, n);
    memset(dst + n, 0, len - n);
}

void guest_write(uint32_t ctx, grant_ref_t gref, unsigned off, unsigned len, const uint8_t *src)
{
    memcpy(guest_page(gref) + off, src, len);
    guest_note(ctx, gref, off, len, true);
}
