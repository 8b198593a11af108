"""Indicator rows of 绩效目标表/自评表 and their type classifier."""
