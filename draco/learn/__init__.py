"""Learning the soft-constraint weights from human preference pairs (see docs/learning.md).

    pairs       load and check pair files (Draco 1 training format)
    features    pairs -> soft-constraint count matrices, in one Draco.cost run
    fit         the RankSVM estimator (fit returns self, coef_), C by sklearn KFold CV, integer rounding
    train       pairs -> the shipped integer weights, and the report's measurements
    evaluate    how well given weights rank pairs: overall, per source, per task
    perception  the generator of draco/asp/soft_perception.lp

The `draco learn` and `draco evaluate-pairs` commands live in draco/commands/. Weights files are read
and written by draco.kb (read_weights, weights_json, load_prior), the one place that defines them.
"""

from draco.learn.evaluate import PairEvaluation, evaluate_features, evaluate_pairs, evaluate_weights
from draco.learn.features import PairFeatures, RejectedPair, featurize
from draco.learn.fit import (
    C_GRID,
    CVResult,
    LearnError,
    RankSVM,
    RankSVMCV,
    Tally,
    choose_c,
    choose_scale,
    cross_validate,
    fit_weights,
    fold_ids,
    folds_of,
    integer_weights,
    tally,
    tally_margins,
    vector,
)
from draco.learn.pairs import PairsError, PreferencePair, load_pair_file, load_pairs, parse_pairs
from draco.learn.train import Measurements, TrainResult, load_floors, measure, train, train_on

__all__ = [
    "C_GRID",
    "CVResult",
    "LearnError",
    "Measurements",
    "PairEvaluation",
    "PairFeatures",
    "PairsError",
    "PreferencePair",
    "RankSVM",
    "RankSVMCV",
    "RejectedPair",
    "Tally",
    "TrainResult",
    "choose_c",
    "choose_scale",
    "cross_validate",
    "evaluate_features",
    "evaluate_pairs",
    "evaluate_weights",
    "featurize",
    "fit_weights",
    "fold_ids",
    "folds_of",
    "integer_weights",
    "load_floors",
    "load_pair_file",
    "load_pairs",
    "measure",
    "parse_pairs",
    "tally",
    "tally_margins",
    "train",
    "train_on",
    "vector",
]
