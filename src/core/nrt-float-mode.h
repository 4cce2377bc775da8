/* nrt-float-mode.h: flushing denormal floats to zero during training.
 *
 * Adam's moments of weights whose gradients stay near zero decay into the
 * denormal range, where each float operation is many times slower on x86.
 * A model of two 512-unit relu layers on digits8x8 slowed from 1 ms to 10 ms
 * per step over six epochs on an x86-64 Xeon until denormals were flushed,
 * as TensorFlow also does in its threads.
 */
#pragma once

/* Sets the calling thread's floating-point unit to flush denormals to zero
 * and returns the previous mode for nrt_float_mode_restore. */
unsigned int nrt_float_mode_flush_denormals (void);

void nrt_float_mode_restore (unsigned int saved);
