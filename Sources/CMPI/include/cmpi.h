// The few MPI calls Dixian needs, as plain C functions Swift can call (Open MPI's handles,
// MPI_COMM_WORLD and the datatypes, are macros Swift cannot import).
//
// The bodies are compiled only when DIXIAN_MPI is defined, which Package.swift does only
// under the MPI trait (swift build --traits MPI). Without it every function is a stub:
// cmpi_available() is 0, the process is rank 0 of 1, and nothing needs mpi.h.
#ifndef DIXIAN_CMPI_H
#define DIXIAN_CMPI_H

#include <stddef.h>
#include <stdint.h>

/// 1 when built with MPI, else 0.
int cmpi_available(void);

/// Initialises MPI (MPI_Init_thread, MPI_THREAD_FUNNELED: only the main thread calls MPI)
/// and sets errors to return. 0 on success, else an MPI error code.
int cmpi_init(void);

/// Whether cmpi_init succeeded and cmpi_finalize has not been called.
int cmpi_active(void);

/// This process's rank in MPI_COMM_WORLD, and the number of processes (0 and 1 without MPI).
int cmpi_rank(void);
int cmpi_size(void);

/// MPI_Finalize, if active. Idempotent.
void cmpi_finalize(void);

/// MPI_Abort(MPI_COMM_WORLD, code): ends every rank of the job. Without MPI, exit(code).
void cmpi_abort(int code);

/// Agreement on success: every rank passes its local status (0 ok, nonzero failed);
/// on return *any_failed is the largest status of any rank and *root_failed rank 0's.
/// 0 on success, else an MPI error code.
int cmpi_agree(int local, int *any_failed, int *root_failed);

/// Gathers a variable-length byte buffer from every rank to rank 0, in rank order.
/// Every rank passes its bytes (data, count). On rank 0, *out receives a malloc'd buffer of
/// all ranks' bytes concatenated (free with cmpi_free) and counts (an array of cmpi_size()
/// entries, allocated by the caller) each rank's length; other ranks may pass NULL for both.
/// Lengths are 64-bit: buffers are sent in pieces of at most 1 GiB, so a rank's buffer is
/// limited only by memory (rank 0 holds them all at once). 0 on success, else an MPI error
/// code (or -1 when rank 0 cannot allocate the buffer).
int cmpi_gather_bytes(const uint8_t *data, int64_t count, uint8_t **out, int64_t *counts);

void cmpi_free(void *pointer);

/// The text of an MPI error code, in buffer (size bytes, NUL-terminated).
void cmpi_error_string(int code, char *buffer, size_t size);

#endif
