#include "cmpi.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#ifdef DIXIAN_MPI
#include <mpi.h>

static int active = 0;

int cmpi_available(void) { return 1; }

int cmpi_init(void) {
    int initialized = 0;
    MPI_Initialized(&initialized);
    if (!initialized) {
        int provided = 0;
        int rc = MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided);
        if (rc != MPI_SUCCESS) return rc;
    }
    // Errors come back as codes, so that Dixian can report them and abort the whole job.
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    active = 1;
    return MPI_SUCCESS;
}

int cmpi_active(void) { return active; }

int cmpi_rank(void) {
    int rank = 0;
    if (active) MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    return rank;
}

int cmpi_size(void) {
    int size = 1;
    if (active) MPI_Comm_size(MPI_COMM_WORLD, &size);
    return size;
}

void cmpi_finalize(void) {
    if (!active) return;
    active = 0;
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (!finalized) MPI_Finalize();
}

void cmpi_abort(int code) {
    if (active) MPI_Abort(MPI_COMM_WORLD, code);
    exit(code);
}

int cmpi_agree(int local, int *any_failed, int *root_failed) {
    int rc = MPI_Allreduce(&local, any_failed, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (rc != MPI_SUCCESS) return rc;
    *root_failed = local;
    return MPI_Bcast(root_failed, 1, MPI_INT, 0, MPI_COMM_WORLD);
}

/// Pieces of at most 1 GiB keep every MPI count within an int.
static const int64_t piece = (int64_t)1 << 30;

int cmpi_gather_bytes(const uint8_t *data, int64_t count, uint8_t **out, int64_t *counts) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int64_t mine = count;
    int rc = MPI_Gather(&mine, 1, MPI_INT64_T, counts, 1, MPI_INT64_T, 0, MPI_COMM_WORLD);
    if (rc != MPI_SUCCESS) return rc;
    if (rank != 0) {
        for (int64_t sent = 0; sent < count; sent += piece) {
            int64_t n = count - sent < piece ? count - sent : piece;
            rc = MPI_Send(data + sent, (int)n, MPI_BYTE, 0, 0, MPI_COMM_WORLD);
            if (rc != MPI_SUCCESS) return rc;
        }
        return MPI_SUCCESS;
    }
    int64_t total = 0;
    for (int r = 0; r < size; r++) total += counts[r];
    uint8_t *buffer = malloc(total > 0 ? (size_t)total : 1);
    if (buffer == NULL) return -1;
    if (count > 0) memcpy(buffer, data, (size_t)count);
    int64_t offset = counts[0];
    for (int r = 1; r < size; r++) {
        for (int64_t got = 0; got < counts[r]; got += piece) {
            int64_t n = counts[r] - got < piece ? counts[r] - got : piece;
            rc = MPI_Recv(buffer + offset + got, (int)n, MPI_BYTE, r, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            if (rc != MPI_SUCCESS) {
                free(buffer);
                return rc;
            }
        }
        offset += counts[r];
    }
    *out = buffer;
    return MPI_SUCCESS;
}

void cmpi_error_string(int code, char *buffer, size_t size) {
    if (size == 0) return;
    if (code == -1) {
        snprintf(buffer, size, "out of memory");
        return;
    }
    char text[MPI_MAX_ERROR_STRING];
    int length = 0;
    if (MPI_Error_string(code, text, &length) != MPI_SUCCESS) snprintf(text, sizeof text, "MPI error %d", code);
    snprintf(buffer, size, "%s", text);
}

#else
// Built without the MPI trait: one process, rank 0 of 1, no MPI headers needed.

int cmpi_available(void) { return 0; }
int cmpi_init(void) { return 0; }
int cmpi_active(void) { return 0; }
int cmpi_rank(void) { return 0; }
int cmpi_size(void) { return 1; }
void cmpi_finalize(void) {}
void cmpi_abort(int code) { exit(code); }

int cmpi_agree(int local, int *any_failed, int *root_failed) {
    *any_failed = local;
    *root_failed = local;
    return 0;
}

int cmpi_gather_bytes(const uint8_t *data, int64_t count, uint8_t **out, int64_t *counts) {
    uint8_t *buffer = malloc(count > 0 ? (size_t)count : 1);
    if (buffer == NULL) return -1;
    if (count > 0) memcpy(buffer, data, (size_t)count);
    *out = buffer;
    counts[0] = count;
    return 0;
}

void cmpi_error_string(int code, char *buffer, size_t size) {
    if (size > 0) buffer[0] = 0;
    (void)code;
}
#endif

void cmpi_free(void *pointer) { free(pointer); }
