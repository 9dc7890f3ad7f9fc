"""SIGTERM means stop soon: finish the step, checkpoint, exit.

A spot interruption gives a two-minute notice; Karpenter then drains the node and the
kubelet sends each container SIGTERM, then SIGKILL after the pod's
terminationGracePeriodSeconds. torchrun passes the SIGTERM on to its workers and kills
them 30 s later, so a checkpoint must take well under that.
"""

import signal
import threading


class Preemption:
    def __init__(self) -> None:
        self._requested = False
        # Whether SIGTERM is caught here. Ray Train runs the loop in a worker thread, where
        # no handler can be set: there a lost node fails the attempt and Ray restarts it
        # from the last checkpoint (FailureConfig).
        self.watching = False

    def watch(self) -> "Preemption":
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, self._on_sigterm)
            self.watching = True
        return self

    def _on_sigterm(self, signum, frame) -> None:
        self._requested = True

    def requested(self) -> bool:
        return self._requested
