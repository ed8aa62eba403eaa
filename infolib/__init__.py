"""infolib: information theory measures for the course "Information Theory Basics".

Every function validates its input strictly, computes accurately, and takes the
unit as ``base`` (2 for bits by default, ``"nats"``, ``"hartleys"``, ...).
"""

from .arithmetic import (
    CorruptStreamError,
    FrequencyTable,
    decode,
    decode_text,
    encode,
    encode_bits,
    encode_text,
    quantise,
)
from .calibration import ReliabilityBins, brier_score, expected_calibration_error, reliability_bins
from .classification import (
    binary_cross_entropy_loss,
    cross_entropy_loss,
    cross_entropy_loss_gradient,
    log_softmax,
    one_hot,
    sigmoid,
    softmax,
)
from .channels import (
    CapacityResult,
    ConvergenceError,
    binary_asymmetric_channel,
    binary_erasure_channel,
    binary_symmetric_channel,
    channel_capacity,
    channel_mutual_information,
    gaussian_channel_capacity,
    noisy_typewriter,
    output_distribution,
    symmetric_channel,
    transmit,
    z_channel,
)
from .coding import HuffmanCode
from .hamming import HammingCode
from .continuous import (
    bivariate_normal_mutual_information,
    mvn_entropy,
    mvn_kl_divergence,
    mvn_mutual_information,
    normal_entropy,
    normal_kl_divergence,
    uniform_entropy,
    water_filling,
    WaterFilling,
)
from .datasets import TEXTS, load_text
from .distributions import Distribution
from .estimators import miller_madow_entropy, plugin_entropy
from .joint import (
    co_information,
    conditional_entropy,
    conditional_mutual_information,
    dual_total_correlation,
    joint_entropy,
    joint_table,
    mutual_information,
    pointwise_mutual_information,
    total_correlation,
)
from .language import AdaptiveCharModel, CharNGramModel
from .losses import focal_loss, weighted_cross_entropy_loss
from .measures import (
    binary_entropy,
    cross_entropy,
    entropy,
    information,
    jensen_shannon_divergence,
    kl_divergence,
)
from .variational import ElboEstimate, elbo_estimate, infonce_bound, infonce_loss, vae_kl_divergence
from . import explorables
from .tables import Table
from .units import UNIT_NAMES, convert, log_of_base
from .validation import DistributionError

__version__ = "1.0.0"

__all__ = [
    "AdaptiveCharModel",
    "CorruptStreamError",
    "FrequencyTable",
    "decode",
    "decode_text",
    "encode",
    "encode_bits",
    "encode_text",
    "quantise",
    "CapacityResult",
    "CharNGramModel",
    "ConvergenceError",
    "Distribution",
    "DistributionError",
    "ElboEstimate",
    "HammingCode",
    "HuffmanCode",
    "ReliabilityBins",
    "TEXTS",
    "Table",
    "UNIT_NAMES",
    "binary_asymmetric_channel",
    "binary_cross_entropy_loss",
    "brier_score",
    "binary_entropy",
    "binary_erasure_channel",
    "binary_symmetric_channel",
    "bivariate_normal_mutual_information",
    "channel_capacity",
    "channel_mutual_information",
    "co_information",
    "conditional_entropy",
    "conditional_mutual_information",
    "convert",
    "cross_entropy",
    "cross_entropy_loss",
    "cross_entropy_loss_gradient",
    "dual_total_correlation",
    "elbo_estimate",
    "entropy",
    "expected_calibration_error",
    "focal_loss",
    "gaussian_channel_capacity",
    "infonce_bound",
    "infonce_loss",
    "information",
    "jensen_shannon_divergence",
    "joint_entropy",
    "joint_table",
    "kl_divergence",
    "load_text",
    "log_of_base",
    "log_softmax",
    "miller_madow_entropy",
    "mutual_information",
    "mvn_entropy",
    "mvn_kl_divergence",
    "mvn_mutual_information",
    "noisy_typewriter",
    "normal_entropy",
    "normal_kl_divergence",
    "one_hot",
    "output_distribution",
    "plugin_entropy",
    "pointwise_mutual_information",
    "reliability_bins",
    "sigmoid",
    "softmax",
    "symmetric_channel",
    "total_correlation",
    "transmit",
    "uniform_entropy",
    "water_filling",
    "weighted_cross_entropy_loss",
    "WaterFilling",
    "vae_kl_divergence",
    "z_channel",
]
