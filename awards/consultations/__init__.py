"""Public consultation on nominees before a proposal (công khai, lấy ý kiến Nhân dân): the rules by legal regime,
opening and closing a consultation, citizens' feedback and staff's answers, the public pages, and the gate that
keeps a nominee off a council's agenda and out of a forwarding letter until its window has closed."""
