// Open MPI's C API, found with `pkg-config ompi-c`; only CMPI's body includes it,
// and only when the package is built with the MPI trait (swift build --traits MPI).
#include <mpi.h>
