"""The detector: protocol facts as rules, human-mail kinds from a calibrated linear model.

Order (each step only when the one before found nothing):

1. RFC 3464 delivery reports and MTA-style bounces (``bounce``) -> BOUNCE, confidence 1.
2. RFC 3834 auto-replies, vendor auto-reply headers, out-of-office subjects (``rules``) ->
   AUTO_REPLY, confidence 1.
3. Job-board alerts and newsletters with list headers, not addressed to the candidate
   (``rules.automated_reasons``, "hard") -> AUTOMATED, confidence 1. These are never decisions.
4. The model (``linear``) over ``features``: a probability for every kind.

Then the tiers, so that a wrong decision is never silent:

- guards: a rejection is never final while the text carries reschedule or on-hold phrases
  ("we will send you a new time", "the role is on hold"), nor an offer while it carries shop
  phrases ("20% off", "coupon"), nor either while the text is about another matter than the
  candidate's application (a payment, an order, an account, the employer's own job posting) or
  answers the candidate's own withdrawal ("you have decided to decline our offer"), nor a
  rejection said only as a condition ("if you have not heard from us within 30 days, consider
  your application unsuccessful"; "otherwise we cannot continue"), nor either when written to the
  employer's side ("Dear HR team, the applicant has accepted the job offer") or by a job alert,
  nor a rejection with no word of a job application whose only phrases are bare regrets
  ("malheureusement …"): such a decision is at most *unsure* and goes to the user;

- offer/rejection at or above its ``decide_at`` (one per decision, chosen in training) -> that
  decision;
- a decision at or above ``ask_at`` but below ``decide_at`` -> the safe non-decision reading,
  with ``unsure`` naming the decision: the application is held and the user asked;
- otherwise the most likely non-decision kind.

Context is a stated prior, not a learned feature (the training mail has no thread): in a
tracked thread or from a known correspondent, the employer's kinds (decisions, replies,
interview changes) are ``RELATED_PRIOR`` times likelier than for a stranger's mail, and
machine/bulk kinds that much less likely. Weak machine signals (no-reply sender, list header,
``Auto-Submitted: auto-generated``) turn a *reply* or *unrelated* reading into AUTOMATED but
never outrank an interview or a decision: ATS send those from no-reply addresses.
"""

from __future__ import annotations

from collections.abc import Mapping

from followupd.core.model import Kind, Reason
from followupd.mail.classify.bounce import detect_bounce
from followupd.mail.classify.families import family_hits, family_phrases
from followupd.mail.classify.features import body_text, features, top_contributions
from followupd.mail.classify.guards import BARE_REGRETS, about_a_job
from followupd.mail.classify.linear import LinearModel
from followupd.mail.classify.rules import auto_reply_reasons, automated_reasons
from followupd.mail.classify.verdict import NO_CONTEXT, ThreadContext, Verdict
from followupd.mail.parse import ParsedMessage

DECISIONS = (Kind.OFFER, Kind.REJECTION)
EMPLOYER_KINDS = frozenset((Kind.OFFER, Kind.REJECTION, Kind.REPLY, Kind.ON_HOLD, Kind.RESCHEDULE,
                            Kind.INTERVIEW, Kind.INTERVIEW_CANCELLED))
MACHINE_KINDS = frozenset((Kind.AUTOMATED, Kind.UNRELATED))
RELATED_PRIOR = 3.0
DEFAULT_DECIDE_AT = 0.80
DEFAULT_ASK_AT = 0.35


def _with_prior(probs: Mapping[Kind, float], context: ThreadContext) -> dict[Kind, float]:
    if not context.related:
        return dict(probs)
    shifted = {kind: p * (RELATED_PRIOR if kind in EMPLOYER_KINDS else
                          1 / RELATED_PRIOR if kind in MACHINE_KINDS else 1.0)
               for kind, p in probs.items()}
    total = sum(shifted.values()) or 1.0
    return {kind: p / total for kind, p in shifted.items()}


_GUARDS = {Kind.REJECTION: ("reschedule", "on_hold", "other_matter", "candidate_declined",
                            "conditional", "employer_side", "job_alert"),
           Kind.OFFER: ("commerce", "other_matter", "candidate_declined", "process_continues",
                        "offer_revoked", "employer_side", "job_alert")}


def _not_about_a_job(decision: Kind, text: str) -> bool:
    """A would-be rejection with no word of a job application in it, said only in
    bare regrets: "malheureusement les informations … sont erronées". (Offers are not held for
    a missing job word: tried, it held a real held-out offer and no negative needed it.)"""
    return decision is Kind.REJECTION and not about_a_job(text) and \
        family_phrases(text, "rejection") <= BARE_REGRETS


def _guard(decision: Kind, parsed: ParsedMessage) -> str:
    """Why this decision may not be final, or ""."""
    text = (parsed.subject + "\n" + " ".join(body_text(parsed).split())).casefold()
    hits = family_hits(text)
    found = [name for name in _GUARDS.get(decision, ()) if name in hits]
    why = [f"{'/'.join(found).replace('_', ' ')} phrases"] if found else []
    if _not_about_a_job(decision, text):
        why.append("no word of a job application")
    return f"{' and '.join(why)}: not final without you" if why else ""


def _explain(feature: str) -> str:
    prefix, _, value = feature.partition(":")
    return {
        "s": f"subject word '{value}'", "sb": f"subject words '{value}'", "w": f"word '{value}'",
        "rs": f"reply subject word '{value}'", "rsb": f"reply subject words '{value}'",
        "b": f"words '{value}'", "c": f"word part '{value.strip('<>')}'",
        "f": ("several " if value.endswith("+") else "") + value.rstrip("+").replace("_", " ")
             + " phrases",
        "sf": f"{value.replace('_', ' ')} phrases in the subject",
        "rsf": f"{value.replace('_', ' ')} phrases in the reply subject",
        "x": value.replace("=", " ").replace("_", " "),
    }.get(prefix, feature)


class ScoredClassifier:
    """The ``Classifier`` the whole of followupd uses (see ``verdict.Classifier``)."""

    def __init__(self, model: LinearModel, *, decide_at: float | None = None,
                 ask_at: float | None = None) -> None:
        self.model = model
        self.decide_at = decide_at if decide_at is not None else model.thresholds.get(
            "decide_at", DEFAULT_DECIDE_AT)
        # Each decision may have its own threshold ("decide_at_offer", "decide_at_rejection"):
        # a hard negative that looks like one decision need not hold back the other.
        self.decide_at_for = {kind: self.decide_at if decide_at is not None else
                              model.thresholds.get(f"decide_at_{kind.value}", self.decide_at)
                              for kind in DECISIONS}
        # In a tracked thread or from a known correspondent the prior lifts every employer kind,
        # the hard negatives (replies, on hold) with the decisions: a threshold of its own
        # ("decide_at_rejection_thread"), chosen in training with every mail scored in context.
        self.decide_at_in_context = {kind: self.decide_at if decide_at is not None else
                                     model.thresholds.get(f"decide_at_{kind.value}_thread",
                                                          self.decide_at_for[kind])
                                     for kind in DECISIONS}
        self.ask_at = ask_at if ask_at is not None else model.thresholds.get(
            "ask_at", DEFAULT_ASK_AT)
        self._kinds = tuple(Kind(label) for label in model.labels)

    def classify(self, parsed: ParsedMessage, context: ThreadContext = NO_CONTEXT) -> Verdict:
        bounce = detect_bounce(parsed)
        if bounce:
            return Verdict(Kind.BOUNCE, 1.0, bounce.reasons)
        auto = auto_reply_reasons(parsed)
        if auto:
            return Verdict(Kind.AUTO_REPLY, 1.0, tuple(auto))
        machine, hard = automated_reasons(parsed)
        if hard:
            return Verdict(Kind.AUTOMATED, 1.0, tuple(machine))
        return self._scored(parsed, context, machine)

    def probabilities(self, parsed: ParsedMessage,
                      context: ThreadContext = NO_CONTEXT) -> dict[Kind, float]:
        return self._probabilities(features(parsed), context)

    def _probabilities(self, feats: Mapping[str, float],
                       context: ThreadContext) -> dict[Kind, float]:
        raw = self.model.probabilities(feats)
        return _with_prior({Kind(label): p for label, p in raw.items()}, context)

    def _scored(self, parsed: ParsedMessage, context: ThreadContext,
                machine: list[Reason]) -> Verdict:
        feats = features(parsed)
        probs = self._probabilities(feats, context)
        decision = max((k for k in DECISIONS if k in probs), key=lambda k: probs[k], default=None)
        safe = max((k for k in probs if k not in DECISIONS), key=lambda k: probs[k])
        unsure: Kind | None = None
        guard = ""
        if decision is not None and probs[decision] >= self.ask_at:
            guard = _guard(decision, parsed)
        decide_at = self.decide_at_in_context if context.related else self.decide_at_for
        if decision is not None and probs[decision] >= decide_at[decision] and \
                probs[decision] >= probs[safe] and not guard:
            kind = decision
        else:
            kind = safe
            if decision is not None and probs[decision] >= self.ask_at:
                unsure = decision
        reasons = [self._reason(kind, probs[kind], feats)]
        if unsure is not None:
            reasons.append(self._reason(unsure, probs[unsure], feats, rule="unsure_decision"))
            if guard:
                reasons.append(Reason("guard", guard))
        if context.related:
            reasons.append(Reason("context", "in a tracked thread" if context.in_thread
                                  else "from a known correspondent"))
        if kind in (Kind.REPLY, Kind.UNRELATED) and machine and unsure is None:
            return Verdict(Kind.AUTOMATED, probs[kind], (*machine, *reasons))
        if machine and kind not in MACHINE_KINDS:
            reasons.append(Reason("outranks_automated", ", ".join(r.rule for r in machine)))
        return Verdict(kind, probs[kind], tuple(reasons), unsure=unsure,
                       unsure_confidence=probs[unsure] if unsure else 0.0)

    def _reason(self, kind: Kind, p: float, feats: Mapping[str, float],
                rule: str = "model") -> Reason:
        index = self._kinds.index(kind)
        top = top_contributions(feats, self.model.weights, index)
        because = ", ".join(_explain(name) for name, _ in top) or "no strong words"
        return Reason(rule, f"{kind.value} {p:.2f}: {because}")
