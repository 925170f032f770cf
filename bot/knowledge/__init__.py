"""The plan knowledge base: models, loading and validation, era dates, the page importer."""

from bot.knowledge.loader import KnowledgeError, Problem, default_knowledge_dir, load_knowledge
from bot.knowledge.models import City, Contact, KnowledgeBase, Plan, PlanAliases, Scheme, Source

__all__ = [
    "City",
    "Contact",
    "KnowledgeBase",
    "KnowledgeError",
    "Plan",
    "PlanAliases",
    "Problem",
    "Scheme",
    "Source",
    "default_knowledge_dir",
    "load_knowledge",
]
