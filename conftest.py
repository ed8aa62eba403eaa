"""The notebook tests retry a Jupyter kernel that fails to start.

On a busy machine a kernel can miss nbval's start-up deadline ("Kernel didn't
respond in 60 seconds", "Wasn't able to establish IOPub"): the notebook then
fails before any of its cells ran, which says nothing about the chapter. nbval
starts each notebook's kernel in ``nbval.plugin.RunningKernel``; here that
class is replaced by one that tries up to ``KERNEL_START_ATTEMPTS`` times,
shutting down what a failed attempt left behind. Only the start is retried: a
cell that fails or times out once the kernel runs is a failure as before.
Each retry is listed at the end of the run. The grader retries its kernels
the same way (assignments/).
"""

from __future__ import annotations

import gc
import warnings

KERNEL_START_ATTEMPTS = 3

# (notebook folder, error) of every retried start, for the summary at the end.
RETRIES: list[tuple[str, str]] = []


def retrying_kernel_class(base: type) -> type:
    """A subclass of nbval's ``RunningKernel`` that retries a failed start."""

    class RetryingKernel(base):
        def __init__(self, kernel_name, cwd=None, startup_timeout=60):
            for attempt in range(1, KERNEL_START_ATTEMPTS + 1):
                # nbval opens os.devnull for each kernel's stderr and leaves it to the garbage
                # collector: a failed attempt's is collected here, not reported in a later test.
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", ResourceWarning)
                    try:
                        super().__init__(kernel_name, cwd=cwd, startup_timeout=startup_timeout)
                        return
                    except (RuntimeError, TimeoutError, OSError) as exc:
                        self._discard_failed_start()
                        error = f"{type(exc).__name__}: {exc}"
                    gc.collect()
                    if attempt == KERNEL_START_ATTEMPTS:
                        raise RuntimeError(
                            f"the Jupyter kernel {kernel_name!r} did not start in {KERNEL_START_ATTEMPTS} "
                            f"attempts (cwd={cwd}); last error: {error}"
                        )
                    RETRIES.append((str(cwd), error))

        def _discard_failed_start(self) -> None:
            # A start that got as far as a running kernel (IOPub not up) leaves it in self.km/kc.
            kc, km = getattr(self, "kc", None), getattr(self, "km", None)
            if kc is not None:
                kc.stop_channels()
            if km is not None and km.has_kernel:
                km.shutdown_kernel(now=True)
            self.kc = self.km = None

    RetryingKernel.__qualname__ = RetryingKernel.__name__ = "RetryingKernel"
    return RetryingKernel


def pytest_configure(config):
    try:
        from nbval import plugin
    except ImportError:  # nbval not installed (the website's checks): nothing to retry
        return
    if plugin.RunningKernel.__name__ != "RetryingKernel":
        plugin.RunningKernel = retrying_kernel_class(plugin.RunningKernel)


def pytest_terminal_summary(terminalreporter):
    if RETRIES:
        terminalreporter.section("kernel starts retried")
        for cwd, error in RETRIES:
            terminalreporter.write_line(f"{cwd}: {error}")
