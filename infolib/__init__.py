"""infolib: information theory measures for the course "Information Theory Basics".

Every function validates its input strictly, computes accurately, and takes the
unit as ``base`` (2 for bits by default, ``"nats"``, ``"hartleys"``, ...).
"""

from .classification import (
    cross_entropy_loss,
    cross_entropy_loss_gradient,
    log_softmax,
    one_hot,
    softmax,
)
from .coding import HuffmanCode
from .distributions import Distribution
from .estimators import miller_madow_entropy, plugin_entropy
from .measures import (
    binary_entropy,
    cross_entropy,
    entropy,
    information,
    jensen_shannon_divergence,
    kl_divergence,
)
from . import explorables
from .tables import Table
from .units import UNIT_NAMES, convert, log_of_base
from .validation import DistributionError

__version__ = "1.0.0"

__all__ = [
    "Distribution",
    "DistributionError",
    "HuffmanCode",
    "Table",
    "UNIT_NAMES",
    "binary_entropy",
    "convert",
    "cross_entropy",
    "cross_entropy_loss",
    "cross_entropy_loss_gradient",
    "entropy",
    "information",
    "jensen_shannon_divergence",
    "kl_divergence",
    "log_of_base",
    "log_softmax",
    "miller_madow_entropy",
    "one_hot",
    "plugin_entropy",
    "softmax",
]
