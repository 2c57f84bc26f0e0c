"""Valid legal identifiers for tests, built with python-stdnum's own check-digit functions."""

from __future__ import annotations

from stdnum.ar import cuit
from stdnum.br import cnpj
from stdnum.cl import rut as cl_rut
from stdnum.co import nit
from stdnum.ec import ci as ec_ci
from stdnum.es import cif
from stdnum.mx import rfc
from stdnum.pe import ruc as pe_ruc
from stdnum.pt import nif as pt_nif
from stdnum.uy import rut as uy_rut


def valid_identifier(country: str, n: int = 1) -> str:
    """A syntactically valid company identifier for ``country``; ``n`` makes it unique."""
    if country == "BR":
        base = f"{11222000 + n:08d}0001"
        return base + cnpj.calc_check_digits(base)
    if country == "CL":
        body = str(76000000 + n)
        return body + cl_rut.calc_check_digit(body)
    if country == "CO":
        body = str(900000000 + n)
        return body + nit.calc_check_digit(body)
    if country == "MX":
        letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
        body = "G" + letters[n % len(letters)] + letters[(n // len(letters)) % len(letters)] + "150101" + "A1"
        return body + rfc.calc_check_digit(body)
    if country == "AR":
        body = f"30{71000000 + n:08d}"
        return body + cuit.calc_check_digit(body)
    if country == "PE":
        body = f"20{10000000 + n:08d}"
        return body + pe_ruc.calc_check_digit(body)
    if country == "UY":
        while True:  # mod 11 can give "10": no valid number with that body, take the next one
            body = f"21{100000 + n:06d}001"
            digit = uy_rut.calc_check_digit(body)
            if len(digit) == 1:
                return body + digit
            n += 1000
    if country == "EC":
        # stdnum.ec exposes no calc function: take the one digit its own CI check accepts
        body = f"171{100000 + n:06d}"
        digit = next(d for d in "0123456789" if ec_ci.is_valid(body + d))
        return body + digit + "001"
    if country == "ES":
        body = f"B{1000000 + n:07d}"
        return body + cif.calc_check_digits(body)[0]
    if country == "PT":
        body = f"5{1000000 + n:07d}"
        return body + pt_nif.calc_check_digit(body)
    raise ValueError(country)


def with_wrong_check_digit(country: str, number: str) -> str:
    """The same number with its (last) check character changed."""
    last = number[-1]
    if country == "EC":  # the check digit sits before the 001 establishment suffix
        digit = number[9]
        return number[:9] + str((int(digit) + 1) % 10) + number[10:]
    replacement = "0" if last != "0" else "1"
    if last.isalpha():
        replacement = "A" if last != "A" else "B"
    if country == "MX" and last.isdigit():
        replacement = str((int(last) + 1) % 10)
    return number[:-1] + replacement


COUNTRIES = ["BR", "CL", "CO", "MX", "AR", "PE", "UY", "EC", "ES", "PT"]
