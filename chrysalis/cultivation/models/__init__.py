from chrysalis.cultivation.models.judgement import ReviewJudgement

__all__ = ["ReviewJudgement"]
